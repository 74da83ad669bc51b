// String formats whose library checks take more than linear time on a hostile value, made safe
// for untrusted schemas (a schema picks the format by name; the check itself is the library's).
// Both validators use these (ajv through addFormat, the renderer's through @cfworker's format
// table), so they give the same verdicts. Pure.
//
// `url`: ajv-formats' regular expression takes quadratic time (a 100 000-character value: ~30 s)
// and @cfworker/json-schema's exponential time (`http://` and 35 letters then `!`: minutes).
// Both validators use ajv-formats' expression, on values of at most MAX_URL_LENGTH characters
// (about 10 ms at worst).
import * as ajvFormatsModule from 'ajv-formats/dist/formats.js';

export const MAX_URL_LENGTH = 2048;

/** ajv-formats is CommonJS: depending on the loader its exports are the module or its `.default`. */
function ajvUrlRegExp(): RegExp {
  const m = ajvFormatsModule as unknown as { fullFormats?: { url?: unknown }; default?: { fullFormats?: { url?: unknown } } };
  const url = (m.fullFormats ?? m.default?.fullFormats)?.url;
  if (!(url instanceof RegExp)) throw new Error('ajv-formats did not load its url format');
  return url;
}

const URL_RE = ajvUrlRegExp();

/** The `url` format: ajv-formats' check, on values of bounded length. */
export function isUrl(value: string): boolean {
  return value.length <= MAX_URL_LENGTH && URL_RE.test(value);
}
