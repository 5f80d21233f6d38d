import type { FastifyReply } from 'fastify';

/** Sends the Genesys Cloud error body shape `{status, code, message, contextId, details, errors}`. */
export function sendGenesysError(reply: FastifyReply, status: number, code: string, message: string) {
  const contextId = String(reply.getHeader('inin-correlation-id') ?? '');
  return reply
    .code(status)
    .send({ status, code, message, messageParams: {}, contextId, details: [], errors: [] });
}
