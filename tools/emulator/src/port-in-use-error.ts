/** A listener could not bind; the message names the port and the flag that changes it. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}
