import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { standIn, type StandIn } from './stand-in.js';

/** One request an AWS stand-in received, body read. */
export interface ReceivedCall {
  method: string;
  /** Path and query. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One STS call: its form parameters (`Action`, `Version`, `RoleArn`, ...). */
export interface StsCall extends ReceivedCall {
  params: Record<string, string>;
}

/** What a stand-in answers: a status (default 200), a body and headers. */
export interface Answer {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}

/** A stand-in for an AWS service whose received calls are kept, bodies read. */
export interface ServiceStandIn<C extends ReceivedCall> extends StandIn {
  calls: C[];
}

/** How a stand-in answers a call: now, later (a Promise), or never (`undefined` leaves the call hanging). */
export type Answering<C> = (call: C, index: number) => Answer | Promise<Answer> | undefined;

/** Starts a local server answering each call (bodies read) with `answer`. */
export async function serviceStandIn<C extends ReceivedCall>(read: (call: ReceivedCall) => C, answer: Answering<C>): Promise<ServiceStandIn<C>> {
  const calls: C[] = [];
  const server = await standIn((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const call = read({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      calls.push(call);
      void Promise.resolve(answer(call, calls.length - 1)).then((reply) => {
        if (reply !== undefined) response.writeHead(reply.status ?? 200, { 'content-type': 'text/xml', ...reply.headers }).end(reply.body);
      });
    });
  });
  return { ...server, calls };
}

/** An STS stand-in: answers each form-encoded call with `answer`. */
export function stsStandIn(answer: Answering<StsCall>): Promise<ServiceStandIn<StsCall>> {
  return serviceStandIn((call) => ({ ...call, params: Object.fromEntries(new URLSearchParams(call.body)) }), answer);
}

/** Temporary credentials as a test expects them back. */
export interface TestCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** The documented success response of an STS credentials action, with a namespace and the response metadata. */
export function stsCredentialsXml(action: 'AssumeRole' | 'AssumeRoleWithWebIdentity', credentials: TestCredentials): Answer {
  return {
    body: `<?xml version="1.0" encoding="UTF-8"?>
<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <${action}Result>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/reader/session</Arn>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:session</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${credentials.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey>
      <SessionToken>${credentials.sessionToken}</SessionToken>
      <Expiration>${credentials.expiration.toISOString()}</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </${action}Result>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</${action}Response>`,
  };
}

/** The documented STS error response. */
export function stsErrorXml(status: number, code: string, message: string, type = 'Sender'): Answer {
  return {
    status,
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>${type}</Type>
    <Code>${code}</Code>
    <Message>${message}</Message>
  </Error>
  <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
</ErrorResponse>`,
  };
}

/**
 * The Authorization header the AWS SDK's own signer (@smithy/signature-v4, an independent implementation)
 * computes for a received call, over the headers the call says it signed and at its `X-Amz-Date`.
 */
export async function referenceAuthorization(
  call: ReceivedCall,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  region: string,
  service: string,
): Promise<string> {
  const signedNames = /SignedHeaders=([^,]+)/.exec(String(call.headers.authorization))?.[1]?.split(';') ?? [];
  const headers = Object.fromEntries(
    signedNames.filter((name) => name !== 'x-amz-security-token').map((name) => [name, String(call.headers[name])]),
  );
  const amzDate = String(call.headers['x-amz-date']);
  const signingDate = new Date(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
  const signer = new SignatureV4({ service, region, credentials, sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
  const [hostname, port] = String(call.headers.host).split(':');
  const signed = await signer.sign(
    { method: call.method, protocol: 'http:', hostname: hostname ?? '', ...(port ? { port: Number(port) } : {}), path: call.path, headers, body: call.body, query: {} },
    { signingDate },
  );
  return String(signed.headers['authorization']);
}
