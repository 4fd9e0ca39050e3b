export type AuthErrorReason = 'missing' | 'malformed' | 'expired' | 'bad-signature' | 'wrong-issuer' | 'wrong-audience' | 'unknown-role';

const MESSAGES: Record<AuthErrorReason, string> = {
  missing: 'Er is geen toegangstoken meegestuurd.',
  malformed: 'Het toegangstoken is ongeldig.',
  expired: 'Het toegangstoken is verlopen of nog niet geldig.',
  'bad-signature': 'De ondertekening van het toegangstoken klopt niet.',
  'wrong-issuer': 'Het toegangstoken is niet uitgegeven door de verwachte partij.',
  'wrong-audience': 'Het toegangstoken is niet bestemd voor Kaderflow.',
  'unknown-role': 'Het toegangstoken bevat geen bekende rol.',
};

/** The caller could not be identified; maps to HTTP 401. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly reason: AuthErrorReason,
    message: string = MESSAGES[reason],
  ) {
    super(message);
  }
}
