// A JSON Schema (2020-12) of OCDS 1.1 release and record packages, written for these tests from the
// standard's published rules: the required fields of packages, releases, tender, awards, contracts
// and bids (the bid extension), the types of values and periods, and the codelists (releaseTag,
// initiationType, tenderStatus, awardStatus, contractStatus, partyRole, method,
// procurementCategory, awardCriteria, submissionMethod, bidStatus; currency: this platform prices
// in CNY only). Objects list the standard's fields and refuse others, so that a misspelt field
// fails. It checks our output; an independent check against the official schema is done outside.
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

const releaseTag = [
  'planning',
  'planningUpdate',
  'tender',
  'tenderAmendment',
  'tenderUpdate',
  'tenderCancellation',
  'award',
  'awardUpdate',
  'awardCancellation',
  'contract',
  'contractUpdate',
  'contractAmendment',
  'implementation',
  'implementationUpdate',
  'contractTermination',
  'compiled',
]
const partyRole = [
  'buyer',
  'procuringEntity',
  'supplier',
  'tenderer',
  'funder',
  'enquirer',
  'payer',
  'payee',
  'reviewBody',
  'interestedParty',
]

const str = { type: 'string', minLength: 1 }
const dateTime = { type: 'string', format: 'date-time' }
const closed = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
})

const defs = {
  Value: closed({ amount: { type: 'number' }, currency: { enum: ['CNY'] } }, ['amount', 'currency']),
  Period: closed({
    startDate: dateTime,
    endDate: dateTime,
    maxExtentDate: dateTime,
    durationInDays: { type: 'integer', minimum: 0 },
  }),
  OrganizationReference: closed({ id: str, name: str }, ['id', 'name']),
  Identifier: closed({ scheme: str, id: str, legalName: str, uri: { type: 'string', format: 'uri' } }),
  Organization: closed(
    {
      id: str,
      name: str,
      identifier: { $ref: '#/$defs/Identifier' },
      additionalIdentifiers: { type: 'array', items: { $ref: '#/$defs/Identifier' } },
      address: closed({ streetAddress: str, locality: str, region: str, postalCode: str, countryName: str }),
      contactPoint: closed({ name: str, email: str, telephone: str, faxNumber: str, url: str }),
      roles: { type: 'array', items: { enum: partyRole }, minItems: 1, uniqueItems: true },
    },
    ['id', 'name', 'roles'],
  ),
  Classification: closed({ scheme: str, id: str, description: str, uri: { type: 'string', format: 'uri' } }, [
    'scheme',
    'id',
  ]),
  Item: closed(
    { id: str, description: str, classification: { $ref: '#/$defs/Classification' }, quantity: { type: 'number' } },
    ['id'],
  ),
  Amendment: closed({
    id: str,
    date: dateTime,
    rationale: str,
    description: str,
    amendsReleaseID: str,
    releaseID: str,
  }),
  Tender: closed(
    {
      id: str,
      title: str,
      description: str,
      status: { enum: ['planning', 'planned', 'active', 'cancelled', 'unsuccessful', 'complete', 'withdrawn'] },
      procuringEntity: { $ref: '#/$defs/OrganizationReference' },
      items: { type: 'array', items: { $ref: '#/$defs/Item' }, minItems: 1 },
      value: { $ref: '#/$defs/Value' },
      minValue: { $ref: '#/$defs/Value' },
      procurementMethod: { enum: ['open', 'selective', 'limited', 'direct'] },
      procurementMethodDetails: str,
      procurementMethodRationale: str,
      mainProcurementCategory: { enum: ['goods', 'works', 'services'] },
      awardCriteria: {
        enum: [
          'priceOnly',
          'costOnly',
          'qualityOnly',
          'ratedCriteria',
          'lowestCost',
          'bestProposal',
          'bestValueToGovernment',
          'singleBidOnly',
        ],
      },
      awardCriteriaDetails: str,
      submissionMethod: {
        type: 'array',
        items: { enum: ['electronicAuction', 'electronicSubmission', 'written', 'inPerson'] },
      },
      tenderPeriod: { $ref: '#/$defs/Period' },
      enquiryPeriod: { $ref: '#/$defs/Period' },
      awardPeriod: { $ref: '#/$defs/Period' },
      numberOfTenderers: { type: 'integer', minimum: 0 },
      tenderers: { type: 'array', items: { $ref: '#/$defs/OrganizationReference' } },
      amendments: { type: 'array', items: { $ref: '#/$defs/Amendment' } },
    },
    ['id'],
  ),
  Award: closed(
    {
      id: str,
      title: str,
      description: str,
      status: { enum: ['pending', 'active', 'cancelled', 'unsuccessful'] },
      date: dateTime,
      value: { $ref: '#/$defs/Value' },
      suppliers: { type: 'array', items: { $ref: '#/$defs/OrganizationReference' } },
      contractPeriod: { $ref: '#/$defs/Period' },
      relatedBid: str,
    },
    ['id'],
  ),
  Contract: closed(
    {
      id: str,
      awardID: str,
      title: str,
      description: str,
      status: { enum: ['pending', 'active', 'cancelled', 'terminated'] },
      period: { $ref: '#/$defs/Period' },
      value: { $ref: '#/$defs/Value' },
      dateSigned: dateTime,
      implementation: { type: 'object' },
    },
    ['id', 'awardID'],
  ),
  Bids: closed({
    statistics: {
      type: 'array',
      items: closed(
        { id: str, measure: str, date: dateTime, value: { type: 'number' }, notes: str, currency: { enum: ['CNY'] } },
        ['id', 'measure', 'value'],
      ),
    },
    details: {
      type: 'array',
      items: closed(
        {
          id: str,
          date: dateTime,
          status: { enum: ['invited', 'pending', 'valid', 'disqualified', 'withdrawn'] },
          tenderers: { type: 'array', items: { $ref: '#/$defs/OrganizationReference' } },
          value: { $ref: '#/$defs/Value' },
        },
        ['id'],
      ),
    },
  }),
  Release: closed(
    {
      ocid: { type: 'string', pattern: '^ocds-[a-z0-9]{6}-.+' },
      id: str,
      date: dateTime,
      tag: { type: 'array', items: { enum: releaseTag }, minItems: 1 },
      initiationType: { enum: ['tender'] },
      language: { type: 'string', pattern: '^[a-z]{2}$' },
      parties: { type: 'array', items: { $ref: '#/$defs/Organization' } },
      buyer: { $ref: '#/$defs/OrganizationReference' },
      tender: { $ref: '#/$defs/Tender' },
      awards: { type: 'array', items: { $ref: '#/$defs/Award' } },
      contracts: { type: 'array', items: { $ref: '#/$defs/Contract' } },
      bids: { $ref: '#/$defs/Bids' },
    },
    ['ocid', 'id', 'date', 'tag', 'initiationType'],
  ),
  Publisher: closed(
    {
      name: str,
      scheme: { type: ['string', 'null'] },
      uid: { type: ['string', 'null'] },
      uri: { type: ['string', 'null'] },
    },
    ['name'],
  ),
}

const packageFields = {
  uri: { type: 'string', format: 'uri' },
  version: { const: '1.1' },
  extensions: { type: 'array', items: { type: 'string', format: 'uri' } },
  publisher: { $ref: '#/$defs/Publisher' },
  license: { type: 'string', format: 'uri' },
  publicationPolicy: { type: 'string', format: 'uri' },
  publishedDate: dateTime,
}

export const releasePackageSchema = {
  $defs: defs,
  ...closed(
    {
      ...packageFields,
      releases: { type: 'array', items: { $ref: '#/$defs/Release' } },
      links: closed({ next: { type: 'string', format: 'uri' }, prev: { type: 'string', format: 'uri' } }),
    },
    ['uri', 'publisher', 'publishedDate', 'releases', 'version'],
  ),
}

export const recordPackageSchema = {
  $defs: defs,
  ...closed(
    {
      ...packageFields,
      packages: { type: 'array', items: { type: 'string', format: 'uri' } },
      records: {
        type: 'array',
        minItems: 1,
        items: closed(
          {
            ocid: { type: 'string', pattern: '^ocds-[a-z0-9]{6}-.+' },
            releases: { type: 'array', minItems: 1, items: { $ref: '#/$defs/Release' } },
            compiledRelease: { $ref: '#/$defs/Release' },
          },
          ['ocid', 'releases'],
        ),
      },
    },
    ['uri', 'publisher', 'publishedDate', 'records', 'version'],
  ),
}

const ajv = new Ajv2020({ allErrors: true, strict: true })
addFormats.default(ajv)
export const validateReleasePackage = ajv.compile(releasePackageSchema)
export const validateRecordPackage = ajv.compile(recordPackageSchema)
export const schemaErrors = (validate: { errors?: unknown }) => JSON.stringify(validate.errors, null, 1)
