import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';
import { randomId } from '../random.js';
import { sendGenesysError } from './errors.js';
import type { GenesysState } from './state.js';

export interface Conversation {
  conversationId: string;
  conversationStart: string;
  conversationEnd: string;
  originatingDirection: 'inbound' | 'outbound';
  participants: { participantId: string; purpose: string }[];
}

export interface AnalyticsJob {
  id: string;
  polls: number;
  conversations: Conversation[];
}

/** Seeded conversation history used by the details query and jobs. */
export function seedConversations(random: () => number, now: number): Conversation[] {
  return Array.from({ length: 250 }, (_, i) => {
    const start = now - (i + 1) * 3_600_000;
    return {
      conversationId: randomId(random),
      conversationStart: new Date(start).toISOString(),
      conversationEnd: new Date(start + Math.floor(random() * 1_800_000)).toISOString(),
      originatingDirection: random() < 0.7 ? 'inbound' : 'outbound',
      participants: [
        { participantId: randomId(random), purpose: 'customer' },
        { participantId: randomId(random), purpose: 'agent' },
      ],
    };
  });
}

function inInterval(body: unknown, state: GenesysState): Conversation[] | string {
  const interval = (body as { interval?: unknown } | undefined)?.interval;
  if (typeof interval !== 'string') return 'body.interval is required (ISO-8601 "start/end")';
  const [a, b] = interval.split('/');
  const from = Date.parse(a ?? '');
  const to = Date.parse(b ?? '');
  if (Number.isNaN(from) || Number.isNaN(to) || from > to) {
    return `body.interval must be "start/end" ISO-8601 instants (got ${JSON.stringify(interval)})`;
  }
  return state.conversations.filter((c) => {
    const t = Date.parse(c.conversationStart);
    return t >= from && t < to;
  });
}

/** Conversation details query and asynchronous jobs with polling and cursor-paged results. */
export function registerAnalytics(app: FastifyInstance, ctx: SandboxContext, state: () => GenesysState) {
  const base = '/api/v2/analytics/conversations/details';
  app.post(`${base}/query`, async (request, reply) => {
    const hits = inInterval(request.body, state());
    if (typeof hits === 'string') return sendGenesysError(reply, 400, 'bad.request', hits);
    const paging = (request.body as { paging?: { pageSize?: unknown; pageNumber?: unknown } }).paging ?? {};
    const size = typeof paging.pageSize === 'number' ? paging.pageSize : 25;
    const number = typeof paging.pageNumber === 'number' ? paging.pageNumber : 1;
    if (!Number.isInteger(size) || size < 1 || size > 100) {
      return sendGenesysError(reply, 400, 'bad.request', 'body.paging.pageSize must be an integer 1-100');
    }
    if (!Number.isInteger(number) || number < 1) {
      return sendGenesysError(reply, 400, 'bad.request', 'body.paging.pageNumber must be a positive integer');
    }
    const page = hits.slice((number - 1) * size, number * size);
    return reply.send({ ...(page.length ? { conversations: page } : {}), totalHits: hits.length });
  });

  app.post(`${base}/jobs`, async (request, reply) => {
    const hits = inInterval(request.body, state());
    if (typeof hits === 'string') return sendGenesysError(reply, 400, 'bad.request', hits);
    const job: AnalyticsJob = { id: randomId(ctx.random), polls: 0, conversations: hits };
    state().jobs.set(job.id, job);
    return reply.code(202).send({ jobId: job.id });
  });

  type P = { Params: { jobId: string } };
  app.get<P>(`${base}/jobs/:jobId`, async (request, reply) => {
    const job = state().jobs.get(request.params.jobId);
    if (!job) return sendGenesysError(reply, 404, 'not.found', `job ${request.params.jobId} not found`);
    job.polls += 1;
    // The first poll sees the job still running, later polls see it done.
    return reply.send({
      state: job.polls > 1 ? 'FULFILLED' : 'QUEUED',
      submissionDate: new Date(ctx.now()).toISOString(),
      expirationDate: new Date(ctx.now() + 86_400_000).toISOString(),
    });
  });

  app.get<P>(`${base}/jobs/:jobId/results`, async (request, reply) => {
    const job = state().jobs.get(request.params.jobId);
    if (!job) return sendGenesysError(reply, 404, 'not.found', `job ${request.params.jobId} not found`);
    if (job.polls < 2)
      return sendGenesysError(reply, 400, 'bad.request', 'job results are not available yet');
    const q = request.query as { cursor?: unknown; pageSize?: unknown };
    const size = q.pageSize === undefined ? 100 : Number(q.pageSize);
    if (!Number.isInteger(size) || size < 1 || size > 1000) {
      return sendGenesysError(
        reply,
        400,
        'bad.request',
        'query parameter pageSize must be an integer 1-1000',
      );
    }
    let offset = 0;
    if (q.cursor !== undefined) {
      offset = Number.parseInt(Buffer.from(String(q.cursor), 'base64url').toString('utf8'), 10);
      if (!Number.isInteger(offset) || offset < 0) {
        return sendGenesysError(
          reply,
          400,
          'bad.request',
          'query parameter cursor is not a cursor from this job',
        );
      }
    }
    const page = job.conversations.slice(offset, offset + size);
    const next =
      offset + size < job.conversations.length
        ? Buffer.from(String(offset + size)).toString('base64url')
        : undefined;
    return reply.send({ conversations: page, ...(next ? { cursor: next } : {}) });
  });
}
