import type { ParticleBase } from '../base.js';
import type { BaseOptions } from '../types.js';
import { namespaced } from './ns.js';

type O = BaseOptions & { org?: string };
type L = O & { ledgerName: string };
type I = L & { scopeValue: string };

export function createLedger(
  this: ParticleBase,
  { auth, org, ledger, headers, context }: O & { ledger: Record<string, unknown> },
) {
  return this.post({ uri: namespaced(org, 'ledgers'), auth, data: { ledger }, headers, context });
}

export function getLedger(this: ParticleBase, { auth, org, ledgerName, headers, context }: L) {
  return this.get({ uri: namespaced(org, `ledgers/${ledgerName}`), auth, headers, context });
}

export function updateLedger(
  this: ParticleBase,
  { auth, org, ledgerName, ledger, headers, context }: L & { ledger: Record<string, unknown> },
) {
  return this.put({
    uri: namespaced(org, `ledgers/${ledgerName}`),
    auth,
    data: { ledger },
    headers,
    context,
  });
}

export function archiveLedger(this: ParticleBase, { auth, org, ledgerName, headers, context }: L) {
  return this.delete({ uri: namespaced(org, `ledgers/${ledgerName}`), auth, headers, context });
}

export function listLedgers(
  this: ParticleBase,
  {
    auth,
    org,
    scope,
    page,
    perPage,
    archived,
    headers,
    context,
  }: O & { scope?: string; page?: number; perPage?: number; archived?: boolean } = {},
) {
  const query = { scope, page, per_page: perPage, archived };
  return this.get({ uri: namespaced(org, 'ledgers'), query, auth, headers, context });
}

export function getLedgerInstance(
  this: ParticleBase,
  { auth, org, ledgerName, scopeValue, headers, context }: I,
) {
  return this.get({
    uri: namespaced(org, `ledgers/${ledgerName}/instances/${scopeValue}`),
    auth,
    headers,
    context,
  });
}

export function setLedgerInstance(
  this: ParticleBase,
  {
    auth,
    org,
    ledgerName,
    scopeValue,
    instance,
    setMode,
    headers,
    context,
  }: I & { instance: Record<string, unknown>; setMode?: 'Replace' | 'Merge' | string },
) {
  const uri = namespaced(org, `ledgers/${ledgerName}/instances/${scopeValue}`);
  return this.put({ uri, query: { set_mode: setMode }, auth, data: { instance }, headers, context });
}

export function deleteLedgerInstance(
  this: ParticleBase,
  { auth, org, ledgerName, scopeValue, headers, context }: I,
) {
  return this.delete({
    uri: namespaced(org, `ledgers/${ledgerName}/instances/${scopeValue}`),
    auth,
    headers,
    context,
  });
}

export function listLedgerInstances(
  this: ParticleBase,
  { auth, org, ledgerName, page, perPage, headers, context }: L & { page?: number; perPage?: number },
) {
  const query = { page, per_page: perPage };
  return this.get({
    uri: namespaced(org, `ledgers/${ledgerName}/instances`),
    query,
    auth,
    headers,
    context,
  });
}

export function listLedgerInstanceVersions(
  this: ParticleBase,
  {
    auth,
    org,
    ledgerName,
    scopeValue,
    replacedBefore,
    replacedAfter,
    headers,
    context,
  }: I & { replacedBefore?: string; replacedAfter?: string },
) {
  const uri = namespaced(org, `ledgers/${ledgerName}/instances/${scopeValue}/versions`);
  const query = { replaced_before: replacedBefore, replaced_after: replacedAfter };
  return this.get({ uri, query, auth, headers, context });
}

export function getLedgerInstanceVersion(
  this: ParticleBase,
  { auth, org, ledgerName, scopeValue, version, headers, context }: I & { version: string },
) {
  const uri = namespaced(org, `ledgers/${ledgerName}/instances/${scopeValue}/versions/${version}`);
  return this.get({ uri, auth, headers, context });
}

/** Ledgers and ledger instances. */
export const ledgerMethods = {
  createLedger,
  getLedger,
  updateLedger,
  archiveLedger,
  listLedgers,
  getLedgerInstance,
  setLedgerInstance,
  deleteLedgerInstance,
  listLedgerInstances,
  listLedgerInstanceVersions,
  getLedgerInstanceVersion,
};
