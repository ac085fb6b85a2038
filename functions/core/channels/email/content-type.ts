/**
 * A Content-Type reader for the limit pre-scan. It follows postal-mime's own header parsing
 * (comments, quoted strings, first parameter wins, RFC 2231 continuations) so that the pre-scan finds
 * the same multipart boundaries postal-mime will; a boundary the pre-scan missed would let a mail's
 * parts go uncounted. Single pass over the value, no regexes with nested quantifiers.
 */
export interface ContentType {
  /** lowercased `type/subtype`, '' when absent */
  value: string;
  /** `boundary` after RFC 2231 continuations were joined; '' when absent */
  boundary: string;
}

const isWsp = (c: string): boolean => c === ' ' || c === '\t';

/** Drops RFC 822 comments outside quoted strings; inside an unquoted parameter value only after whitespace. */
function stripComments(str: string): string {
  let result = '';
  let depth = 0;
  let escaped = false;
  let inQuote = false;
  let commentStart = -1;
  let inParameterValue = false;
  let endsWithWsp = false;
  const append = (c: string): void => {
    result += c;
    endsWithWsp = isWsp(c);
  };

  for (let i = 0; i < str.length; i++) {
    const chr = str.charAt(i);
    if (escaped) {
      if (depth === 0) append(chr);
      escaped = false;
      continue;
    }
    if (chr === '\\') {
      escaped = true;
      if (depth === 0) append(chr);
      continue;
    }
    if (chr === '"' && depth === 0) {
      inQuote = !inQuote;
      append(chr);
      continue;
    }
    if (!inQuote) {
      const opensComment = !inParameterValue || result.length === 0 || endsWithWsp;
      if (chr === '(' && opensComment) {
        if (depth === 0) commentStart = i;
        depth++;
        continue;
      }
      if (chr === ')' && depth > 0) {
        depth--;
        continue;
      }
      if (depth === 0) {
        if (chr === '=') inParameterValue = true;
        else if (chr === ';') inParameterValue = false;
      }
    }
    if (depth === 0) append(chr);
  }
  if (depth === 0) return result;
  // An unbalanced "(" is not a comment when parameters follow it.
  return str.indexOf(';', commentStart) < 0 ? result : str;
}

/** `value; key=value; key="quoted"` into the value and a first-wins parameter map. */
function parseStructured(input: string): { value: string; params: Map<string, string> } {
  const str = stripComments(input);
  const params = new Map<string, string>();
  let headValue = '';
  let key: string | undefined;
  let value = '';
  let stage: 'key' | 'value' = 'value';
  let pendingSpace = '';
  let quoteClosed = false;
  let inQuote = false;
  let escaped = false;

  const addChr = (c: string): void => {
    if (value.length) value += pendingSpace;
    pendingSpace = '';
    value += c;
  };
  const takeValue = (): string => {
    const taken = value;
    value = '';
    pendingSpace = '';
    quoteClosed = false;
    return taken;
  };
  const storeParam = (name: string, v: string): void => {
    if (!params.has(name)) params.set(name, v);
  };
  const storeValue = (): void => {
    const taken = takeValue();
    if (key === undefined) headValue = taken;
    else storeParam(key, taken);
  };
  const storeEmptyKey = (): void => {
    const name = takeValue().trim();
    if (name) storeParam(name.toLowerCase(), '');
  };

  for (let i = 0; i < str.length; i++) {
    const chr = str.charAt(i);
    if (stage === 'key') {
      if (chr === '=') {
        key = takeValue().trim().toLowerCase();
        stage = 'value';
      } else if (chr === ';') {
        storeEmptyKey();
      } else {
        value += chr;
      }
      continue;
    }
    if (escaped) {
      addChr(chr);
    } else if (inQuote && chr === '\\') {
      escaped = true;
      continue;
    } else if (inQuote && chr === '"') {
      inQuote = false;
      quoteClosed = true;
    } else if (!inQuote && chr === '"') {
      inQuote = true;
      if (value.length) value += pendingSpace;
      pendingSpace = '';
    } else if (!inQuote && chr === ';') {
      storeValue();
      stage = 'key';
    } else if (!inQuote && isWsp(chr)) {
      pendingSpace += chr;
    } else if (!quoteClosed) {
      addChr(chr);
    }
    escaped = false;
  }
  if (stage === 'value') storeValue();
  else storeEmptyKey();

  return { value: headValue.toLowerCase(), params };
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function percentDecode(encoded: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded.charCodeAt(i);
    const high = c === 0x25 ? hexValue(encoded.charCodeAt(i + 1)) : -1;
    const low = high >= 0 ? hexValue(encoded.charCodeAt(i + 2)) : -1;
    if (low >= 0) {
      bytes.push(high * 16 + low);
      i += 2;
    } else {
      bytes.push(c & 0xff);
    }
  }
  return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
}

/** RFC 2231: `boundary*0="ab"; boundary*1*=%63` joins to `abc` and replaces a plain `boundary`. */
function joinedBoundary(params: Map<string, string>): string {
  const sections: { nr: number; value: string; encoded: boolean }[] = [];
  for (const [name, raw] of params) {
    if (!name.startsWith('boundary*')) continue;
    const rest = name.slice('boundary*'.length);
    let digits = '';
    let j = 0;
    while (j < rest.length && rest.charCodeAt(j) >= 0x30 && rest.charCodeAt(j) <= 0x39) {
      digits += rest.charAt(j);
      j++;
    }
    const tail = rest.slice(j);
    if (!(tail === '' || (tail === '*' && digits !== ''))) continue;
    const nr = digits === '' ? 0 : Number(digits);
    const encoded = rest === '' || tail === '*';
    let value = raw;
    if (nr === 0 && encoded) {
      const first = value.indexOf("'");
      const second = first < 0 ? -1 : value.indexOf("'", first + 1);
      if (second >= 0) value = value.slice(second + 1);
    }
    sections.push({ nr, value, encoded });
  }
  if (sections.length === 0) return params.get('boundary') ?? '';
  sections.sort((a, b) => a.nr - b.nr);
  let result = '';
  let pending = '';
  for (const section of sections) {
    if (section.encoded) {
      pending += section.value;
      continue;
    }
    if (pending) result += percentDecode(pending);
    pending = '';
    result += section.value;
  }
  if (pending) result += percentDecode(pending);
  return result;
}

export function parseContentType(headerValue: string): ContentType {
  const parsed = parseStructured(headerValue);
  return { value: parsed.value, boundary: joinedBoundary(parsed.params) };
}
