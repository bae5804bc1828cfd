import http from 'node:http';
import https from 'node:https';
import { proxyAgent, type ProxyAgentOptions } from './proxy-agent.js';
import { proxyFor, type ProxySettings } from './proxy.js';

/** How a request reaches its endpoint: the agent, and the proxy it goes through, if any. */
export interface Route {
  agent: http.Agent;
  proxy: URL | undefined;
}

/**
 * The default transport's connection pools: one keep-alive agent per protocol for direct requests, and one
 * per proxy and target protocol (see {@link proxyAgent}), each holding at most `maxSockets`. Which way a URL
 * goes is decided once per URL (a client has one or two endpoints).
 */
export class TransportAgents {
  readonly #direct: { readonly 'http:': Route; readonly 'https:': Route };
  readonly #options: ProxyAgentOptions;
  readonly #proxy: ProxySettings;
  readonly #routes = new Map<string, Route | Promise<Route>>();
  readonly #proxied = new Map<string, Promise<http.Agent>>();

  constructor(options: ProxyAgentOptions, proxy: ProxySettings) {
    this.#options = options;
    this.#proxy = proxy;
    this.#direct = { 'http:': { agent: new http.Agent(options), proxy: undefined }, 'https:': { agent: new https.Agent(options), proxy: undefined } };
  }

  /** The route of a request to `url`: at once, or (the first time a proxy is used) once its agent is loaded. */
  routeFor(url: string): Route | Promise<Route> {
    // Most clients have no proxy: no URL to parse.
    if (this.#proxy.https === undefined && this.#proxy.http === undefined) return this.#direct[url.startsWith('https:') ? 'https:' : 'http:'];
    let route = this.#routes.get(url);
    if (route === undefined) {
      const target = new URL(url);
      const proxy = proxyFor(target, this.#proxy);
      route = proxy === undefined ? this.#direct[target.protocol === 'https:' ? 'https:' : 'http:'] : this.#proxyAgent(proxy, target.protocol).then((agent) => ({ agent, proxy }));
      this.#routes.set(url, route);
      // Once loaded, serve the route without a Promise; a failed load is tried again by the next request.
      if (route instanceof Promise) route.then((ready) => this.#routes.set(url, ready), () => this.#routes.delete(url));
    }
    return route;
  }

  #proxyAgent(proxy: URL, protocol: string): Promise<http.Agent> {
    const key = `${protocol} ${proxy.href}`;
    let agent = this.#proxied.get(key);
    if (agent === undefined) {
      agent = proxyAgent(proxy, protocol, this.#options);
      this.#proxied.set(key, agent);
      agent.catch(() => this.#proxied.delete(key));
    }
    return agent;
  }
}
