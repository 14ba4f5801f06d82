// The filter grammar of the Meilisearch model (tests/mocks/meilisearch.ts), after the server's
// filter-parser crate where it matters: `=`, `!=`, `IN [...]`, `NOT IN`, `NOT`, `AND`, `OR` and
// parentheses (anything else is refused, even where the real server would accept it), values bare
// or quoted with " or '. Inside quotes a backslash makes the next character literal and only `\"`
// (resp. `\'`) is unescaped: `"a\b"` is the value a\b, `"a\\"` is a\\, and a backslash before
// the closing quote leaves the quote open. Comparison is on normalized strings, numbers as numbers.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Doc = Record<string, Json>

/** A filter the server would refuse: answered as 400 invalid_search_filter. */
export class FilterSyntaxError extends Error {}

const normalize = (text: string) => text.normalize('NFKC').toLowerCase()

type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; inner: FilterNode }
  | { kind: 'compare'; attribute: string; op: '=' | '!='; value: string }
  | { kind: 'in'; attribute: string; negated: boolean; values: string[] }

type Token = { type: 'word' | 'string' | 'op' | 'punct'; text: string; at: number }

function invalidFilter(message: string): never {
  throw new FilterSyntaxError(message)
}

function tokenizeFilter(source: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < source.length) {
    const char = source[i]!
    if (/\s/.test(char)) {
      i++
      continue
    }
    if (char === '"' || char === "'") {
      let j = i + 1
      let escaped = false
      for (; j < source.length && source[j] !== char; j++) {
        if (source[j] !== '\\') continue
        if (j + 1 >= source.length) invalidFilter(`Malformed value in filter \`${source}\`: a backslash ends it.`)
        escaped ||= source[j + 1] === char
        j++
      }
      if (j >= source.length) invalidFilter(`Expression \`${source.slice(i)}\` is missing a closing quote.\n${i + 1}:${source.length + 1} ${source}`)
      const raw = source.slice(i + 1, j)
      tokens.push({ type: 'string', text: escaped ? raw.split(`\\${char}`).join(char) : raw, at: i })
      i = j + 1
      continue
    }
    if (char === '!' && source[i + 1] === '=') {
      tokens.push({ type: 'op', text: '!=', at: i })
      i += 2
      continue
    }
    if (char === '=') {
      tokens.push({ type: 'op', text: '=', at: i })
      i++
      continue
    }
    if ('<>'.includes(char)) invalidFilter(`The mock only supports =, !=, IN and NOT IN comparisons: \`${source}\``)
    if ('[](),'.includes(char)) {
      tokens.push({ type: 'punct', text: char, at: i })
      i++
      continue
    }
    const match = /^[^\s"'[\](),=!<>]+/.exec(source.slice(i))
    if (!match) invalidFilter(`Unexpected character \`${char}\` in filter \`${source}\``)
    tokens.push({ type: 'word', text: match[0], at: i })
    i += match[0].length
  }
  return tokens
}

function parseFilterString(source: string): FilterNode {
  const tokens = tokenizeFilter(source)
  let position = 0
  const peek = () => tokens[position]
  const keyword = (word: string) => peek()?.type === 'word' && peek()!.text.toUpperCase() === word
  const expectPunct = (text: string) => {
    const token = tokens[position++]
    if (token?.type !== 'punct' || token.text !== text) invalidFilter(`Was expecting \`${text}\` in filter \`${source}\``)
  }
  const value = (): string => {
    const token = tokens[position++]
    if (!token || (token.type !== 'word' && token.type !== 'string')) invalidFilter(`Was expecting a value in filter \`${source}\``)
    if (token.type === 'word' && ['AND', 'OR', 'NOT', 'IN', 'TO', 'EXISTS'].includes(token.text.toUpperCase())) {
      invalidFilter(`Was expecting a value but instead got \`${token.text}\`, which is a reserved keyword. To use \`${token.text}\` as a field name or a value, surround it by quotes.`)
    }
    return token.text
  }
  const condition = (): FilterNode => {
    const attributeToken = tokens[position++]
    if (!attributeToken || (attributeToken.type !== 'word' && attributeToken.type !== 'string')) {
      invalidFilter(`Was expecting an operation \`=\`, \`!=\`, \`IN\`, \`NOT IN\`, … at \`${source}\`.`)
    }
    const attribute = attributeToken.text
    if (keyword('NOT')) {
      position++
      if (!keyword('IN')) invalidFilter(`Was expecting \`IN\` after \`NOT\` in filter \`${source}\``)
    }
    const negated = tokens[position - 1]?.text.toUpperCase() === 'NOT'
    if (keyword('IN')) {
      position++
      expectPunct('[')
      const values: string[] = []
      if (!(peek()?.type === 'punct' && peek()!.text === ']')) {
        values.push(value())
        while (peek()?.type === 'punct' && peek()!.text === ',') {
          position++
          values.push(value())
        }
      }
      expectPunct(']')
      return { kind: 'in', attribute, negated, values }
    }
    const op = tokens[position++]
    if (op?.type !== 'op') invalidFilter(`Was expecting an operation \`=\`, \`!=\`, \`IN\`, \`NOT IN\` at \`${source}\`.`)
    return { kind: 'compare', attribute, op: op.text as '=' | '!=', value: value() }
  }
  const primary = (): FilterNode => {
    if (keyword('NOT')) {
      position++
      return { kind: 'not', inner: primary() }
    }
    if (peek()?.type === 'punct' && peek()!.text === '(') {
      position++
      const inner = or()
      expectPunct(')')
      return inner
    }
    return condition()
  }
  const and = (): FilterNode => {
    let left = primary()
    while (keyword('AND')) {
      position++
      left = { kind: 'and', left, right: primary() }
    }
    return left
  }
  const or = (): FilterNode => {
    let left = and()
    while (keyword('OR')) {
      position++
      left = { kind: 'or', left, right: and() }
    }
    return left
  }
  if (tokens.length === 0) invalidFilter('Filter expression is empty.')
  const node = or()
  if (position !== tokens.length) invalidFilter(`Found unexpected characters at the end of the filter: \`${source.slice(tokens[position]!.at)}\`. You probably forgot an \`OR\` or an \`AND\` rule.`)
  return node
}

export function parseFilter(filter: unknown): FilterNode | null {
  if (filter === undefined || filter === null) return null
  if (typeof filter === 'string') return filter.trim() ? parseFilterString(filter) : null
  if (!Array.isArray(filter)) invalidFilter('Invalid value type at `.filter`: expected a string or an array')
  let result: FilterNode | null = null
  for (const item of filter) {
    let node: FilterNode | null
    if (typeof item === 'string') node = parseFilterString(item)
    else if (Array.isArray(item)) {
      node = null
      for (const inner of item) {
        if (typeof inner !== 'string') invalidFilter('Invalid value type: nested filter arrays must contain strings')
        const parsed = parseFilterString(inner)
        node = node ? { kind: 'or', left: node, right: parsed } : parsed
      }
    } else invalidFilter('Invalid value type at `.filter`: array items must be strings or arrays of strings')
    if (node) result = result ? { kind: 'and', left: result, right: node } : node
  }
  return result
}

export function filterAttributes(node: FilterNode, into: string[] = []): string[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      filterAttributes(node.left, into)
      filterAttributes(node.right, into)
      break
    case 'not':
      filterAttributes(node.inner, into)
      break
    default:
      into.push(node.attribute)
  }
  return into
}

function facetValues(value: Json | undefined): string[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return value.flatMap(facetValues)
  if (typeof value === 'object') return []
  return [normalize(String(value))]
}

function facetEquals(docValue: string, filterValue: string): boolean {
  const a = Number(docValue)
  const b = Number(filterValue)
  if (docValue.trim() !== '' && filterValue.trim() !== '' && Number.isFinite(a) && Number.isFinite(b)) return a === b
  return docValue === normalize(filterValue)
}

export function evaluate(node: FilterNode, doc: Doc): boolean {
  switch (node.kind) {
    case 'and':
      return evaluate(node.left, doc) && evaluate(node.right, doc)
    case 'or':
      return evaluate(node.left, doc) || evaluate(node.right, doc)
    case 'not':
      return !evaluate(node.inner, doc)
    case 'compare': {
      const values = facetValues(doc[node.attribute])
      const equal = values.some((v) => facetEquals(v, node.value))
      return node.op === '=' ? equal : !equal
    }
    case 'in': {
      const values = facetValues(doc[node.attribute])
      const found = values.some((v) => node.values.some((candidate) => facetEquals(v, candidate)))
      return node.negated ? !found : found
    }
  }
}

