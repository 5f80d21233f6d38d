// Errors of this package beyond @skyport/core's (kept apart so importing them does not pull in their users).
import { SkyportError } from '@skyport/core';

/** Thrown into iterators and returned promises when notifications stop for good. */
export class NotificationsError extends SkyportError {
  static override readonly kind: string = 'NotificationsError';
}
