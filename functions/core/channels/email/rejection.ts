/** Why a mail was refused; the intake stage dead-letters it with this code. */
export type EmailRejectionCode =
  | 'too_large'
  | 'too_many_parts'
  | 'too_deep'
  | 'header_too_long'
  | 'unparseable'
  | 'no_sender'
  | 'no_text';

/**
 * A mail the parser refuses. Returned, never thrown: a hostile mail is an expected input, not a bug.
 * `detail` is one readable sentence built from counts and limits only, never from the mail's content,
 * so it is safe to log and to store next to the dead-lettered message.
 */
export class EmailRejection {
  readonly code: EmailRejectionCode;
  readonly detail: string;

  constructor(code: EmailRejectionCode, detail: string) {
    this.code = code;
    this.detail = detail;
  }
}

/** The codes that mean "this mail is too big or too complex to parse", as opposed to "nothing usable in it". */
export function isLimitRejection(rejection: EmailRejection): boolean {
  return (
    rejection.code === 'too_large' ||
    rejection.code === 'too_many_parts' ||
    rejection.code === 'too_deep' ||
    rejection.code === 'header_too_long'
  );
}
