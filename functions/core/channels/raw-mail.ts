/** Where SES put a received mail: the S3 action names the bucket and the object key in its notification. */
export interface RawMailLocation {
  readonly bucket: string;
  readonly key: string;
}

/** The outcome of fetching a raw mail; a failure that a later attempt may not have is thrown instead. */
export type RawMailFetch =
  | { readonly status: 'found'; readonly bytes: Uint8Array }
  | { readonly status: 'missing' }
  | { readonly status: 'too_large'; readonly bytes: number };

/**
 * Port for the store SES writes raw mail to (S3 in AWS, fauxqs's S3 locally, a Map in tests).
 * `maxBytes` bounds what is read into memory: a larger object is reported, not downloaded.
 */
export interface RawMailStore {
  get(location: RawMailLocation, maxBytes: number): Promise<RawMailFetch>;
}

/** The store and the one bucket the email intake reads from; notifications naming another are refused. */
export interface RawMailSource {
  readonly store: RawMailStore;
  readonly bucket: string;
}
