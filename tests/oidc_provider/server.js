// A certified OpenID Provider (panva/oidc-provider) for the test suite, on a free local port.
//
//   node server.js            (configured from the environment)
//
// OIDC_TEST_CLIENT    JSON: {client_id, client_secret, redirect_uris, post_logout_redirect_uris}
// OIDC_TEST_ACCOUNTS  path of a JSON file {"<login>": {claims…}}, read again at every sign-in, so
//                     a test can change a person's claims (a new e-mail) between two sign-ins; the
//                     login is the subject (sub). Sign in on the dev login form with the login and
//                     any password.
// OIDC_TEST_ID_TOKEN_TTL  seconds an ID token lives (default 300)
// OIDC_TEST_CLOCK_OFFSET  seconds this provider's clock is off (e.g. -600: every token it issues
//                     has already expired by the relying party's clock)
//
// Prints one line of JSON, {"issuer": "http://127.0.0.1:<port>"}, once it listens.
import { readFileSync } from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const offset = Number(process.env.OIDC_TEST_CLOCK_OFFSET || 0) * 1000;
if (offset) {
  const realNow = Date.now;
  Date.now = () => realNow() + offset;
}

const client = JSON.parse(process.env.OIDC_TEST_CLIENT);
const accountsFile = process.env.OIDC_TEST_ACCOUNTS;
const idTokenTTL = Number(process.env.OIDC_TEST_ID_TOKEN_TTL || 300);

function accounts() {
  return JSON.parse(readFileSync(accountsFile, 'utf8'));
}

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...client,
    }],
    // The relying party must send a PKCE challenge (S256), also as a confidential client.
    pkce: { required: () => true },
    // The Lokakarya claims always travel with the ID token's subject, as a Keycloak mapper
    // adds them; the standard ones by scope.
    claims: {
      openid: ['sub', 'lokakarya_role', 'province_code', 'agency_id'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    async findAccount(ctx, id) {
      const claims = accounts()[id];
      if (!claims) return undefined;
      return { accountId: id, async claims() { return { ...claims, sub: id }; } };
    },
    features: {
      devInteractions: { enabled: true }, // a plain login form (any password) and consent
      rpInitiatedLogout: { enabled: true },
    },
    cookies: { keys: ['lokakarya-test-provider-cookie-key'] },
    ttl: {
      AccessToken: 300,
      AuthorizationCode: 60,
      IdToken: idTokenTTL,
      Interaction: 3600,
      Session: 3600,
      Grant: 3600,
    },
  });
  provider.on('server_error', (ctx, err) => console.error('server_error', err));
  server.on('request', provider.callback());
  console.log(JSON.stringify({ issuer }));
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
