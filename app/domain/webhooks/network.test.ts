import { expect, test } from 'vitest'
import { isPublicAddress } from '#app/domain/webhooks/network.server.ts'
import { retryDelayMs, signatureHeader } from '#app/domain/webhooks/delivery.server.ts'

test('only public unicast addresses are webhook targets', () => {
  for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) expect(isPublicAddress(ip), ip).toBe(true)
  for (const ip of [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fc00::1',
    'fd12::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    'not-an-ip',
  ]) {
    expect(isPublicAddress(ip), ip).toBe(false)
  }
})

test('retries wait 10 s, 20 s, 40 s … at most an hour; the signature is HMAC-SHA256 over "t.body"', () => {
  expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([10_000, 20_000, 40_000, 80_000])
  expect(retryDelayMs(30)).toBe(3_600_000)
  expect(signatureHeader('secret', '{"a":1}', 1700000000)).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/)
  expect(signatureHeader('secret', '{"a":1}', 1700000000)).not.toBe(signatureHeader('secret', '{"a":2}', 1700000000))
})
