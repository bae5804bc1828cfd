import type { Agent, AgentOptions, ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import { checkServerIdentity as tlsCheckServerIdentity, type PeerCertificate, type SecureContextOptions } from 'node:tls';
import type { HttpsProxyAgent as HttpsProxyAgentType } from 'https-proxy-agent';
import { markAtProxy, ProxyRefusal } from './proxy.js';

type ConnectOptions = Parameters<HttpsProxyAgentType<string>['connect']>[1];

/** What the agent to a proxy is built with: the pool's settings, and the CA certificates to trust for the target. */
export interface ProxyAgentOptions extends AgentOptions {
  /** Replaces Node's trusted CAs for the TLS connection to an `https:` target, inside the tunnel. */
  ca?: SecureContextOptions['ca'];
}

/**
 * An agent that sends requests for `target` (`https:` or `http:`) through `proxy`: https targets through a
 * CONNECT tunnel (https-proxy-agent; TLS to the target inside it, verified as on a direct connection), http
 * targets as absolute-URL requests to the proxy (http-proxy-agent). The proxy URL's user and password go in
 * `Proxy-Authorization` (Basic). A CONNECT the proxy refuses fails the request with a `ProxyRefusal` (its status),
 * and a failure to reach or speak to the proxy is marked so (`markAtProxy`), for errors that name the proxy. The packages load on first use, with `import()`: they are ES modules only
 * (`require` of them fails on Node before 20.19, the CommonJS build included), and clients without a proxy
 * never load them.
 *
 * axios's own `proxy` setting cannot do this: it sends https requests to the proxy as plain absolute-URL
 * requests instead of tunnelling them through CONNECT, which HTTPS proxies refuse.
 */
export async function proxyAgent(proxy: URL, target: string, options: ProxyAgentOptions): Promise<Agent> {
  const { ca, ...pool } = options;
  if (target !== 'https:') {
    const { HttpProxyAgent } = await import('http-proxy-agent');
    return new HttpProxyAgent(proxy, pool);
  }
  const { HttpsProxyAgent } = await import('https-proxy-agent');
  const trusted = ca === undefined ? {} : { ca };
  class TunnellingAgent extends HttpsProxyAgent<string> {
    override async connect(request: ClientRequest, connectOptions: ConnectOptions): Promise<Socket> {
      // Node tells nobody when a request is destroyed before it has a socket (an unsubscribe while the proxy
      // has not answered CONNECT): close the connection to the proxy then, not when the proxy answers.
      const closeTunnel = new AbortController();
      const destroy = request.destroy;
      request.destroy = function (this: ClientRequest, error?: Error) {
        closeTunnel.abort();
        return destroy.call(this, error);
      };
      // The connection to the proxy is opened synchronously, from connectOpts: give it the signal for this call only.
      const proxyOptions = this.connectOpts;
      this.connectOpts = { ...proxyOptions, signal: closeTunnel.signal };
      // The options of each call are the target's TLS options. https-proxy-agent leaves the target's host out of
      // them, so Node would check the certificate of an IP target against 'localhost': check it against the target.
      const checkServerIdentity = (_host: string, certificate: PeerCertificate) => tlsCheckServerIdentity(connectOptions.host ?? '', certificate);
      // https-proxy-agent would hand back a refused CONNECT's answer as the endpoint's response: hear the status instead.
      let answer: { statusCode: number; statusText: string } | undefined;
      request.once('proxyConnect', (connect: { statusCode: number; statusText: string }) => (answer = connect));
      let tunnel: Promise<Socket>;
      try {
        tunnel = super.connect(request, { ...connectOptions, ...trusted, checkServerIdentity } as ConnectOptions);
      } finally {
        this.connectOpts = proxyOptions;
      }
      let socket: Socket;
      try {
        socket = await tunnel;
      } catch (error) {
        // Nothing was asked of the endpoint yet: this failed on the way to the proxy.
        throw markAtProxy(error);
      } finally {
        request.destroy = destroy;
      }
      if (answer !== undefined && answer.statusCode !== 200) {
        socket.destroy();
        throw new ProxyRefusal(answer.statusCode, answer.statusText);
      }
      return socket;
    }
  }
  return new TunnellingAgent(proxy, pool);
}
