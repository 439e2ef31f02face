/**
 * The review web app: a fastify instance with the login, the pages, the JSON API and the queue
 * dashboard, built from its dependencies. It never listens by itself: `endorse web` calls listen,
 * tests call `app.inject()`.
 */
import formbody from '@fastify/formbody';
import type { Queue } from 'bullmq';
import Fastify, { type FastifyInstance } from 'fastify';
import type Redis from 'ioredis';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { RecipientRule } from '../replies/policy';
import type { ReviewStore } from '../review/store';
import type { ReplyQueueLike } from '../review/workflow';
import type { Users } from '../users';
import { installAuth } from './auth';
import { installCookies } from './cookies';
import { errorBody, toHttpError } from './errors';
import { adminRoutes, ADMIN_PREFIX } from './routes/admin';
import { apiRoutes } from './routes/api';
import { assetRoutes } from './routes/assets';
import { dashboardRoutes } from './routes/dashboard';
import { exportRoutes } from './routes/export';
import { itemRoutes } from './routes/item';
import { loginRoutes } from './routes/login';
import { messageRoutes } from './routes/messages';
import { metricsRoutes, type MetricsRouteDeps } from './routes/metrics';
import { publicRoutes } from './routes/public';
import { questionRoutes } from './routes/questions';
import { replyControlRoutes } from './routes/replies';
import { userRoutes } from './routes/users';
import { queueRoutes } from './routes/queue';
import { installLocalPath } from './next';
import { installPageCounts } from './page-counts';
import { createQuestionInbox } from '../questions/inbox';
import { proxyTrust } from './proxy';
import { replyWeb } from './replies';
import { securityHeaders } from './security';
import { errorPage } from './views/error';
import { withAlerts } from './views/layout';

/** What the app is built from; the caller owns (and closes) the store's and queues' connections. */
export interface AppDeps {
  store: ReviewStore;
  users: Users;
  /** Where approvals queue the confirmation reply; none queued without it. */
  replyQueue?: ReplyQueueLike | null;
  /**
   * Where the reply side's state is read (circuit breaker, bouncing addresses) and under which key
   * prefix; without them, the reply queue's own connection and prefix when it is a BullMQ Queue.
   */
  redis?: Redis | null;
  prefix?: string;
  /** The BullMQ queues shown under /admin/queues; without any, that page lists none. */
  queues?: Queue[];
  /** REVIEW_UNDO_SECONDS absent: replies an action sends go at once, with no undo. */
  config: Pick<Config, 'APPEAL_TITLE' | 'REPLIES'> & Partial<Pick<Config, 'REVIEW_UNDO_SECONDS'>>;
  /** pino logger for requests; false (the default) logs nothing. */
  log?: Logger | false;
  /**
   * Answer /healthz with this check: a boolean (e.g. a Redis PING), or a report whose `ok` decides
   * 200 or 503 and which is sent as the body (status/health.ts); default: always healthy.
   */
  health?: () => Promise<boolean | { ok: boolean }>;
  /** Lines for the banner on every page a logged-in organiser sees (broken connections); none: no banner. */
  alerts?: () => Promise<string[]>;
  /**
   * Trust X-Forwarded-For/-Proto from a reverse proxy in front (default false): the client address
   * for login rate limiting and `Secure` cookies behind a TLS-terminating proxy depend on it.
   * Turn on only when every request comes through that proxy. `true`: one proxy on a private
   * network; a string: the proxies' addresses or CIDR ranges (WEB_TRUST_PROXY, see proxy.ts).
   */
  trustProxy?: boolean | string;
  /** The address organisers open (WEB_PUBLIC_URL); an https one turns HSTS on for every answer. */
  publicUrl?: string;
  /** Socket and request timeouts; the defaults suit organisers on slow links (see WEB_TIMEOUTS). */
  timeouts?: Partial<WebTimeouts>;
  /** Serve /metrics (Prometheus) from these store metrics; absent: no /metrics. */
  metrics?: MetricsRouteDeps;
  /** What proves a Reply-To, as the reply service is configured; absent: only the message's own domains. */
  recipients?: RecipientRule;
}

/** How long the server waits for a client before dropping it. */
export interface WebTimeouts {
  /** The whole request, headers and body, must arrive within this (a 256 KB form needs far less). */
  requestMs: number;
  /** A socket with no traffic either way for this long is closed. */
  idleMs: number;
  /** An idle keep-alive connection is closed after this; longer than the proxy's own (Caddyfile: 60 s). */
  keepAliveMs: number;
}

/** Slow-loris clients are cut off; honest ones on a bad mobile link are not. */
export const WEB_TIMEOUTS: WebTimeouts = { requestMs: 30_000, idleMs: 60_000, keepAliveMs: 72_000 };

/** Build the app (routes registered, plugins ready); call `listen` or `inject` on it. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const t = { ...WEB_TIMEOUTS, ...deps.timeouts };
  const app = Fastify({
    ...(deps.log ? { loggerInstance: deps.log } : { logger: false }),
    bodyLimit: 256 * 1024,
    // Ids in paths are short; long URLs are someone probing.
    routerOptions: { maxParamLength: 300 },
    trustProxy: proxyTrust(deps.trustProxy),
    connectionTimeout: t.idleMs,
    requestTimeout: t.requestMs,
    keepAliveTimeout: t.keepAliveMs,
    // Node checks the request timeout only every connectionsCheckingInterval (30 s by default), so
    // a 30 s limit could let a dribbling client hold on for a minute.
    http: { headersTimeout: Math.min(t.requestMs, 60_000), requestTimeout: t.requestMs, connectionsCheckingInterval: Math.min(1000, t.requestMs / 4) },
  }) as unknown as FastifyInstance;
  installCookies(app);
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  securityHeaders(app, ADMIN_PREFIX, { tlsAlways: /^https:/i.test(deps.publicUrl ?? '') });
  installAuth(app, deps.users);
  const replies = replyWeb({ redis: deps.redis, prefix: deps.prefix, replyQueue: deps.replyQueue, ...(deps.recipients ? { recipients: deps.recipients } : {}) });
  installPageCounts(app, async () => {
    const b = await replies.backend();
    return b ? { openQuestions: (await createQuestionInbox(b.redis, b.prefix).counts()).open } : {};
  });
  installLocalPath(app);

  app.setErrorHandler((err, request, reply) => {
    const e = toHttpError(err);
    if (e.statusCode >= 500) request.log.error({ err }, 'request failed');
    if (request.url.startsWith('/api/')) return reply.code(e.statusCode).type('application/json').send(errorBody(e));
    const page = errorPage(deps.config.APPEAL_TITLE, request.identity?.user ?? null, request.identity?.session?.csrf ?? null, e);
    return reply.code(e.statusCode).type('text/html; charset=utf-8').send(page.value);
  });
  app.setNotFoundHandler((request, reply) => {
    const e = toHttpError({ statusCode: 404, code: 'not_found', message: `Nothing at ${request.method} ${request.url.split('?')[0]}` });
    if (request.url.startsWith('/api/')) return reply.code(404).send(errorBody(e));
    return reply.code(404).type('text/html; charset=utf-8').send(errorPage(deps.config.APPEAL_TITLE, request.identity?.user ?? null, request.identity?.session?.csrf ?? null, e).value);
  });

  // Browsers ask for it on every site; answering here keeps it from being sent to the login page.
  app.get('/favicon.ico', { config: { public: true } }, async (_request, reply) => reply.code(204).header('Cache-Control', 'public, max-age=86400').send());
  app.get('/healthz', { config: { public: true } }, async (_request, reply) => {
    const r = deps.health ? await deps.health().catch(() => false) : true;
    const body = typeof r === 'boolean' ? { ok: r } : r;
    return reply.code(body.ok ? 200 : 503).header('Cache-Control', 'no-store').send(body);
  });
  const alerts = deps.alerts;
  if (alerts) {
    app.addHook('onSend', async (request, reply, payload) => {
      if (typeof payload !== 'string' || !request.identity?.user || !String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return payload;
      return withAlerts(payload, await alerts().catch(() => []));
    });
  }

  const review = { store: deps.store, replyQueue: deps.replyQueue ?? null, replies: deps.config.REPLIES, undoSeconds: deps.config.REVIEW_UNDO_SECONDS ?? 0, ...(deps.recipients ? { recipients: deps.recipients } : {}) };
  const appeal = deps.config.APPEAL_TITLE;
  assetRoutes(app);
  loginRoutes(app, deps.users, appeal);
  apiRoutes(app, review);
  queueRoutes(app, review, appeal, replies);
  itemRoutes(app, review, appeal, replies);
  messageRoutes(app, deps.store, appeal, replies);
  questionRoutes(app, deps.store, appeal, replies);
  replyControlRoutes(app, replies);
  exportRoutes(app, deps.store, appeal);
  dashboardRoutes(app, deps.store, appeal, replies);
  publicRoutes(app, deps.store);
  userRoutes(app, deps.users, appeal);
  await adminRoutes(app, deps.queues ?? []);
  metricsRoutes(app, deps.metrics);
  return app;
}
