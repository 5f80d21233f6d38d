import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

const SAML_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** Identity provider trusted by the saml2-bearer grant. */
export interface SamlTrust {
  /** Expected `<Issuer>` of assertions. */
  issuer: string;
  /** Expected `<Audience>` (the Genesys org's service provider id). */
  audience: string;
  /** PEM certificate or public key that must have signed the assertion. */
  certificate: string;
}

/** The default trust, with the private key so tests can sign assertions (see {@link signSamlAssertion}). */
export interface SamlIdentityProvider extends SamlTrust {
  privateKey: string;
}

/** Generates the sandbox's own identity provider key pair (RSA 2048). */
export function generateIdentityProvider(): SamlIdentityProvider {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    issuer: 'https://idp.sandbox.example',
    audience: 'https://login.sandbox.example/saml',
    certificate: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Why an assertion was refused; the token endpoint answers `invalid_grant` with this message. */
export class SamlAssertionError extends Error {
  override name = 'SamlAssertionError';
}

export interface SamlSubject {
  /** `<NameID>` of the subject (the sandbox maps it to a user by email). */
  nameId: string;
}

function child(parent: Element, ns: string, local: string): Element | undefined {
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local)
      return n as Element;
  }
  return undefined;
}

function text(el: Element | undefined): string {
  return (el?.textContent ?? '').trim();
}

function parse(xml: string): Element {
  const errors: string[] = [];
  let root: Element | null = null;
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') errors.push(String(message));
      },
    }).parseFromString(xml, 'text/xml');
    root = doc.documentElement as unknown as Element | null;
  } catch (e) {
    errors.push((e as Error).message);
  }
  if (errors.length > 0 || !root)
    throw new SamlAssertionError(`assertion is not well-formed XML: ${errors[0] ?? 'no root element'}`);
  return root;
}

/**
 * Checks a base64 SAML 2.0 assertion: structure (`Assertion` with `Issuer`, `Subject/NameID`, `Conditions`),
 * issuer, audience, validity window and an enveloped XML signature by `trust.certificate` covering the assertion.
 */
export function verifySamlAssertion(base64: string, trust: SamlTrust, now: number): SamlSubject {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(base64.replace(/\s+/g, '')))
    throw new SamlAssertionError('assertion must be base64');
  const xml = Buffer.from(base64, 'base64').toString('utf8');
  const root = parse(xml);
  if (root.namespaceURI !== SAML_NS || root.localName !== 'Assertion')
    throw new SamlAssertionError(`root element must be saml2:Assertion (got ${root.localName})`);
  const id = root.getAttribute('ID');
  if (!id) throw new SamlAssertionError('Assertion has no ID attribute');
  if (root.getAttribute('Version') !== '2.0') throw new SamlAssertionError('Assertion Version must be 2.0');
  const issuer = text(child(root, SAML_NS, 'Issuer'));
  if (!issuer) throw new SamlAssertionError('Assertion has no Issuer');
  if (issuer !== trust.issuer)
    throw new SamlAssertionError(`Issuer ${issuer} is not trusted (expected ${trust.issuer})`);
  const subject = child(root, SAML_NS, 'Subject');
  const nameId = text(subject ? child(subject, SAML_NS, 'NameID') : undefined);
  if (!nameId) throw new SamlAssertionError('Assertion has no Subject/NameID');
  const conditions = child(root, SAML_NS, 'Conditions');
  if (!conditions) throw new SamlAssertionError('Assertion has no Conditions');
  const notOnOrAfter = Date.parse(conditions.getAttribute('NotOnOrAfter') ?? '');
  if (Number.isNaN(notOnOrAfter))
    throw new SamlAssertionError('Conditions NotOnOrAfter is missing or invalid');
  if (now >= notOnOrAfter) throw new SamlAssertionError('assertion has expired (Conditions NotOnOrAfter)');
  const notBefore = conditions.getAttribute('NotBefore');
  if (notBefore && now + 60_000 < Date.parse(notBefore))
    throw new SamlAssertionError('assertion is not yet valid (Conditions NotBefore)');
  const restriction = child(conditions, SAML_NS, 'AudienceRestriction');
  const audiences: string[] = [];
  for (let n = restriction?.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === 'Audience') audiences.push(text(n as Element));
  }
  if (!audiences.includes(trust.audience))
    throw new SamlAssertionError(
      `Audience ${audiences.join(', ') || '(none)'} does not include ${trust.audience}`,
    );
  const signature = child(root, DSIG_NS, 'Signature');
  if (!signature) throw new SamlAssertionError('assertion is not signed (no ds:Signature in Assertion)');
  const sig = new SignedXml({ publicCert: trust.certificate, getCertFromKeyInfo: () => null });
  try {
    sig.loadSignature(signature as unknown as Node);
    if (!sig.checkSignature(xml)) throw new SamlAssertionError('signature does not verify');
  } catch (e) {
    if (e instanceof SamlAssertionError) throw e;
    throw new SamlAssertionError(`signature does not verify: ${(e as Error).message}`);
  }
  // The signature must cover the assertion itself, not some other element (signature wrapping).
  const covered = sig.getReferences().some((r) => r.uri === `#${id}` || r.uri === '');
  if (!covered) throw new SamlAssertionError('signature does not reference the Assertion');
  return { nameId };
}

export interface SignSamlOptions {
  privateKey: string;
  issuer: string;
  audience: string;
  nameId: string;
  /** Expiry of the assertion; default 5 minutes after `now`. */
  notOnOrAfter?: Date;
  now?: Date;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Builds and signs (RSA-SHA256, exclusive C14N, enveloped) a SAML 2.0 assertion; returns it base64-encoded. */
export function signSamlAssertion(options: SignSamlOptions): string {
  const now = options.now ?? new Date();
  const until = options.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
  const id = `_${randomUUID()}`;
  const xml =
    `<saml2:Assertion xmlns:saml2="${SAML_NS}" ID="${id}" Version="2.0" IssueInstant="${now.toISOString()}">` +
    `<saml2:Issuer>${esc(options.issuer)}</saml2:Issuer>` +
    `<saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${esc(options.nameId)}</saml2:NameID></saml2:Subject>` +
    `<saml2:Conditions NotBefore="${now.toISOString()}" NotOnOrAfter="${until.toISOString()}">` +
    `<saml2:AudienceRestriction><saml2:Audience>${esc(options.audience)}</saml2:Audience></saml2:AudienceRestriction>` +
    '</saml2:Conditions></saml2:Assertion>';
  const sig = new SignedXml({
    privateKey: options.privateKey,
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  });
  sig.addReference({
    xpath: `/*[local-name()='Assertion']`,
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: [
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ],
  });
  sig.computeSignature(xml, {
    location: { reference: `/*[local-name()='Assertion']/*[local-name()='Issuer']`, action: 'after' },
  });
  return Buffer.from(sig.getSignedXml(), 'utf8').toString('base64');
}
