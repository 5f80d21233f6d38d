import type { ParticleBase } from '../base.js';
import type { BaseOptions } from '../types.js';

type Scope = { product?: string | number; org?: string };

/** Options of a webhook's request, named as in particle-api-js. */
export interface WebhookHook {
  method?: string;
  auth?: { username: string; password: string };
  headers?: Record<string, string>;
  query?: Record<string, string>;
  json?: Record<string, unknown>;
  form?: Record<string, unknown>;
  body?: string;
  responseTemplate?: string;
  responseEvent?: string;
  errorResponseEvent?: string;
}

function integrationUri({ product, org, integrationId }: Scope & { integrationId?: string }): string {
  if (product && org) throw new TypeError('Specify only one of: product or org');
  let uri = product
    ? `/v1/products/${product}/integrations`
    : org
      ? `/v1/orgs/${org}/integrations`
      : '/v1/integrations';
  if (integrationId) uri += `/${integrationId}`;
  return uri;
}

export function createWebhook(
  this: ParticleBase,
  {
    event,
    url,
    device,
    rejectUnauthorized,
    noDefaults,
    hook,
    product,
    auth,
    headers,
    context,
  }: BaseOptions & {
    event: string;
    url: string;
    device?: string;
    rejectUnauthorized?: boolean;
    noDefaults?: boolean;
    hook?: WebhookHook;
    product?: string | number;
  },
) {
  const uri = product ? `/v1/products/${product}/webhooks` : '/v1/webhooks';
  const data: Record<string, unknown> = { event, url, deviceId: device, rejectUnauthorized, noDefaults };
  if (hook) {
    Object.assign(data, {
      requestType: hook.method,
      auth: hook.auth,
      headers: hook.headers,
      query: hook.query,
      json: hook.json,
      form: hook.form,
      body: hook.body,
      responseTemplate: hook.responseTemplate,
      responseTopic: hook.responseEvent,
      errorResponseTopic: hook.errorResponseEvent,
    });
  }
  if (!data.requestType) data.requestType = 'POST';
  return this.post({ uri, auth, headers, data, context });
}

export function deleteWebhook(
  this: ParticleBase,
  { hookId, product, auth, headers, context }: BaseOptions & { hookId: string; product?: string | number },
) {
  const uri = product ? `/v1/products/${product}/webhooks/${hookId}` : `/v1/webhooks/${hookId}`;
  return this.delete({ uri, auth, headers, context });
}

export function listWebhooks(
  this: ParticleBase,
  { product, auth, headers, context }: BaseOptions & { product?: string | number } = {},
) {
  const uri = product ? `/v1/products/${product}/webhooks` : '/v1/webhooks';
  return this.get({ uri, auth, headers, context });
}

export async function createIntegration(
  this: ParticleBase,
  {
    event,
    settings,
    deviceId,
    product,
    org,
    auth,
    headers,
    context,
  }: BaseOptions & Scope & { event: string; settings: Record<string, unknown>; deviceId?: string },
) {
  const data = { event, deviceid: deviceId, ...settings };
  return this.post({ uri: integrationUri({ product, org }), data, auth, headers, context });
}

export async function editIntegration(
  this: ParticleBase,
  {
    integrationId,
    event,
    settings,
    deviceId,
    product,
    org,
    auth,
    headers,
    context,
  }: BaseOptions &
    Scope & {
      integrationId: string;
      event?: string;
      settings?: Record<string, unknown>;
      deviceId?: string;
    },
) {
  const data = { event, deviceid: deviceId, ...settings };
  return this.put({ uri: integrationUri({ product, org, integrationId }), auth, headers, data, context });
}

export async function deleteIntegration(
  this: ParticleBase,
  { integrationId, product, org, auth, headers, context }: BaseOptions & Scope & { integrationId: string },
) {
  return this.delete({ uri: integrationUri({ product, org, integrationId }), auth, headers, context });
}

export async function listIntegrations(
  this: ParticleBase,
  { product, org, auth, headers, context }: BaseOptions & Scope = {},
) {
  return this.get({ uri: integrationUri({ product, org }), auth, headers, context });
}

/** Webhooks and integrations. */
export const webhookMethods = {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  createIntegration,
  editIntegration,
  deleteIntegration,
  listIntegrations,
};
