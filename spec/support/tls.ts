import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:tls';

/** A key and certificate in PEM. */
export interface KeyPair {
  key: string;
  cert: string;
}

/** What the TLS specs need, made with the machine's `openssl` in a temp directory. */
export interface TestCertificates {
  /** The directory holding the files; `remove()` deletes it. */
  dir: string;
  /** The test CA's certificate (PEM), and its file for `NODE_EXTRA_CA_CERTS`. */
  ca: string;
  caFile: string;
  /** Signed by the CA for IP 127.0.0.1, valid now. */
  server: KeyPair;
  /** Signed by the CA, valid now, but for `wrong.example.com` only. */
  wrongHost: KeyPair;
  /** Signed by the CA for 127.0.0.1, valid only on 2020-01-01. */
  expired: KeyPair;
  /** Another CA's certificate, which signed none of the above. */
  otherCa: string;
  remove(): void;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Makes a CA and server certificates with `openssl` (a few ms each: EC keys). */
export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'rx-dynamodb-tls-'));
  const path = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  const makeCa = (name: string, subject: string): void =>
    openssl('req', '-x509', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', subject,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  makeCa('ca', '/CN=rx-dynamodb test CA');
  makeCa('other-ca', '/CN=rx-dynamodb other CA');
  const request = (name: string): void => openssl('req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
  const extensions = (name: string, altName: string): string => {
    writeFileSync(path(`${name}.ext`), `subjectAltName=${altName}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
    return `${name}.ext`;
  };
  let serial = 1;
  for (const [name, altName] of [['server', 'IP:127.0.0.1'], ['wrong-host', 'DNS:wrong.example.com']] as const) {
    request(name);
    serial += 1;
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', String(serial), '-days', '2', '-out', `${name}.pem`, '-extfile', extensions(name, altName));
  }
  // `openssl x509` cannot backdate a certificate; `openssl ca` can.
  request('expired');
  writeFileSync(path('ca.cnf'), '[ca]\ndefault_ca=test\n[test]\ndatabase=index.txt\nnew_certs_dir=.\ncertificate=ca.pem\nprivate_key=ca.key\ndefault_md=sha256\npolicy=any\nserial=serial\n[any]\ncommonName=supplied\n');
  writeFileSync(path('index.txt'), '');
  writeFileSync(path('serial'), '10\n');
  openssl('ca', '-batch', '-config', 'ca.cnf', '-in', 'expired.csr', '-out', 'expired.pem', '-startdate', '20200101000000Z', '-enddate', '20200102000000Z', '-extfile', extensions('expired', 'IP:127.0.0.1'));
  const read = (name: string): string => readFileSync(path(name), 'utf8');
  const pair = (name: string): KeyPair => ({ key: read(`${name}.key`), cert: read(`${name}.pem`) });
  return {
    dir,
    ca: read('ca.pem'),
    caFile: path('ca.pem'),
    server: pair('server'),
    wrongHost: pair('wrong-host'),
    expired: pair('expired'),
    otherCa: read('other-ca.pem'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A TLS server on 127.0.0.1 in front of a plain TCP server. */
export interface TlsFront {
  /** `https://127.0.0.1:<port>` */
  endpoint: string;
  /** TCP connections made to it, whether or not the TLS handshake then succeeded. */
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * Terminates TLS with `pair` on a random loopback port and passes the bytes to `target`
 * (`http://127.0.0.1:<port>`, e.g. dynalite).
 */
export async function startTlsFront(target: string, pair: KeyPair): Promise<TlsFront> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer(pair, (socket) => {
    const upstream = connect(Number(port), hostname);
    for (const side of [socket, upstream]) {
      sockets.add(side);
      side.on('close', () => sockets.delete(side));
      side.on('error', () => {
        socket.destroy();
        upstream.destroy();
      });
    }
    socket.pipe(upstream).pipe(socket);
  });
  server.on('connection', () => (connections += 1));
  // A client that refuses the certificate aborts the handshake: not a server error.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
