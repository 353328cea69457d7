// Connection URIs read as libpq's documentation ("Connection Strings", "Specifying Multiple Hosts")
// says, with the pg package as the oracle for each single host: what it reads from the URL handed
// to it for one host must be what the whole URL said. Bad URLs are refused naming the part that is
// wrong, and never with the password in the message.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { describePostgresql, parsePostgresqlUrl } from '../../src/store/postgresql-url.js';

/** What pg itself reads from a URL: the settings a connection is made with. */
function asPgReads(url: string) {
  const client = new pg.Client({ connectionString: url });
  const { user, password, database, host, port } = client as pg.Client & { password?: string };
  const { application_name } = (client as unknown as { connectionParameters: { application_name?: string } })
    .connectionParameters;
  return { user, password, database, host, port, application_name };
}

describe('a PostgreSQL connection URI', () => {
  test('lists several hosts, each with its port, tried in order', () => {
    const url = parsePostgresqlUrl(
      'postgresql://hub:pa%40ss@db1.example:5432,db2.example:5433,[2001:db8::7]/records?target_session_attrs=read-write&application_name=deconflict',
    );
    assert.deepEqual(url.hosts, [
      { host: 'db1.example', port: 5432 },
      { host: 'db2.example', port: 5433 },
      { host: '2001:db8::7', port: null },
    ]);
    assert.equal(url.targetSessionAttrs, 'read-write');
    assert.equal(url.user, 'hub');
    assert.equal(url.database, 'records');
    assert.equal(url.connectTimeoutS, null);
    assert.deepEqual(asPgReads(url.forHost(url.hosts[1] as never)), {
      user: 'hub',
      password: 'pa@ss',
      database: 'records',
      host: 'db2.example',
      port: 5433,
      application_name: 'deconflict',
    });
    assert.deepEqual(asPgReads(url.forHost(url.hosts[2] as never)).host, '2001:db8::7');
    assert.deepEqual(asPgReads(url.forHost(url.hosts[2] as never)).port, 5432);
  });

  test('takes hosts and ports from its parameters, one port for all or one each', () => {
    const sockets = parsePostgresqlUrl('postgresql:///hub?host=/run/a,/run/b&port=5433');
    assert.deepEqual(sockets.hosts, [
      { host: '/run/a', port: 5433 },
      { host: '/run/b', port: 5433 },
    ]);
    assert.equal(asPgReads(sockets.forHost(sockets.hosts[1] as never)).host, '/run/b');
    // The parameter overrides the host list before it.
    const overridden = parsePostgresqlUrl('postgresql://ignored:1/hub?host=h1,h2&port=7,8');
    assert.deepEqual(overridden.hosts, [
      { host: 'h1', port: 7 },
      { host: 'h2', port: 8 },
    ]);
    // An empty host is the default one; an empty port the default port.
    assert.deepEqual(parsePostgresqlUrl('postgresql://,h2:,h3:6000/hub').hosts, [
      { host: null, port: null },
      { host: 'h2', port: null },
      { host: 'h3', port: 6000 },
    ]);
    assert.deepEqual(parsePostgresqlUrl('postgres://').hosts, [{ host: null, port: null }]);
  });

  test('reads every target_session_attrs libpq knows, and connect_timeout as libpq does', () => {
    for (const attrs of ['any', 'read-write', 'read-only', 'primary', 'standby', 'prefer-standby'])
      assert.equal(
        parsePostgresqlUrl(`postgresql://h/db?target_session_attrs=${attrs}`).targetSessionAttrs,
        attrs,
      );
    assert.equal(parsePostgresqlUrl('postgresql://h/db').targetSessionAttrs, 'any');
    assert.equal(parsePostgresqlUrl('postgresql://h/db?connect_timeout=10').connectTimeoutS, 10);
    // Less than 2 s is taken as 2; zero or less waits for ever.
    assert.equal(parsePostgresqlUrl('postgresql://h/db?connect_timeout=1').connectTimeoutS, 2);
    assert.equal(parsePostgresqlUrl('postgresql://h/db?connect_timeout=0').connectTimeoutS, 0);
    assert.equal(parsePostgresqlUrl('postgresql://h/db?connect_timeout=-5').connectTimeoutS, 0);
  });

  test('refuses what libpq refuses, naming the part, never the password', () => {
    const refusals: [string, RegExp][] = [
      ['mysql://u:s3cret@h/db', /does not start with postgresql:\/\//],
      ['postgresql://u:s3cret@h1:5432,h2:99999/db', /invalid port number "99999"/],
      ['postgresql://u:s3cret@h1:0/db', /invalid port number "0"/],
      ['postgresql://u:s3cret@h1:54x2/db', /invalid port number "54x2"/],
      ['postgresql://u:s3cret@/db?host=a,b,c&port=1,2', /gives 2 port numbers for 3 hosts/],
      [
        'postgresql://u:s3cret@h/db?target_session_attrs=master',
        /target_session_attrs "master", not one of any, read-write/,
      ],
      ['postgresql://u:s3cret@h/db?connect_timeout=ten', /connect_timeout "ten", not a whole number/],
      ['postgresql://u:s3cret@h/db?sslmode', /not key=value \("sslmode"\)/],
      ['postgresql://u:s3cret%zz@h/db', /invalid percent-encoding in its password/],
      ['postgresql://u:s3cret@[::1/db', /IPv6 host address without its closing "\]"/],
      ['postgresql://u:s3cret@[]:5432/db', /empty IPv6 host address/],
      ['postgresql://u:s3cret@[::1]x/db', /other than ":port" after an IPv6 host/],
      ['postgresql://u:s3cret@h/d%00b', /%00 in its database name/],
      ['postgresql://u:s3cret@h/db#frag', /"#" fragment/],
    ];
    for (const [url, reason] of refusals) {
      assert.throws(
        () => parsePostgresqlUrl(url),
        (error: Error) => {
          assert.equal(error.name, 'PostgresqlUrlError', url);
          assert.match(error.message, reason, url);
          assert.doesNotMatch(error.message, /s3cret/, url);
          return true;
        },
      );
    }
  });

  test('is described for messages with every host and without the password', () => {
    assert.equal(
      describePostgresql('postgresql://hub:s3cret@db1:5432,db2:5433/records?target_session_attrs=read-write'),
      'hub@db1:5432,db2:5433/records',
    );
    assert.equal(describePostgresql('postgresql:///hub?host=/run/pg'), 'the default role@/run/pg/hub');
    assert.equal(describePostgresql('postgresql://hub:s3cret@h:1:2/db'), 'an unreadable URL');
  });
});
