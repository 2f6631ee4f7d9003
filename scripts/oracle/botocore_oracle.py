#!/usr/bin/env python3
"""Differential-testing oracle: what botocore makes of a pair of AWS files.

Usage:
    botocore_oracle.py CASE_DIR            print the expected.json object
    botocore_oracle.py --check DIR...      run every case folder under DIR
                                           and compare with its expected.json
    botocore_oracle.py --batch CASE_DIR... write each case's object to
                                           CASE_DIR/oracle.json (a crash to
                                           CASE_DIR/oracle.err), botocore
                                           imported once, a fork per case

CASE_DIR holds `config` (always) and `credentials` (absent = no such file).

The output is produced by botocore's own code: a botocore.session.Session is
pointed at the two files (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), with
a clean environment (no AWS_* variables, HOME = an empty temporary folder),
and for every profile in session.full_config['profiles'] the default
credential resolver is built with that profile and run.  The providers are
instrumented to record the hops of the resolution chain; anything that could
touch the network, run a process, prompt, or read real cached credentials is
replaced by a recorder that returns dummy credentials.

Only stdlib + botocore are used.  The output is the expected.json of a
conformance case: ResolveAllResult in src/core/index.ts.
"""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------
# environment: must be clean *before* botocore is imported (some paths, e.g.
# SSOProvider._SSO_TOKEN_CACHE_DIR, are computed at import time from HOME).
# ---------------------------------------------------------------------------

def _clean_environment(home):
    for name in list(os.environ):
        if name.upper().startswith('AWS_') or name.upper().startswith('BOTO_'):
            del os.environ[name]
    os.environ['HOME'] = home
    os.environ.pop('USERPROFILE', None)
    os.environ.pop('HOMEDRIVE', None)
    os.environ.pop('HOMEPATH', None)


def _child_env(home):
    env = {}
    for name, value in os.environ.items():
        upper = name.upper()
        if upper.startswith('AWS_') or upper.startswith('BOTO_'):
            continue
        env[name] = value
    env['HOME'] = home
    env['LC_ALL'] = 'C.UTF-8'
    env['LANG'] = 'C.UTF-8'
    env.pop('PYTHONIOENCODING', None)
    return env


# ---------------------------------------------------------------------------
# the oracle proper
# ---------------------------------------------------------------------------

class _Blocked(Exception):
    """Raised when botocore tries to do something the oracle forbids."""


class Recorder:
    """Collects the hops of one profile's resolution."""

    def __init__(self):
        self.chain = []
        self.assume_role_hops = []   # hops of kind assume_role, top first
        self.assume_role_keys = []   # cache keys, in fetcher creation order
        self.keyed_hops = []         # (hop, key) for web identity
        self.pending_wi_key = None


def install_instrumentation(rec_holder):
    """Monkeypatch botocore so that resolution is recorded and offline.

    rec_holder is a one-element list holding the current Recorder.
    """
    import getpass
    import botocore.credentials as bc
    import botocore.endpoint
    import botocore.compat

    def rec():
        return rec_holder[0]

    def dummy_credentials(method):
        return bc.Credentials('ORACLE_AK', 'ORACLE_SK', None, method=method)

    # -- nothing may leave the machine, run, or prompt ---------------------
    def blocked(*args, **kwargs):
        raise _Blocked('blocked side effect')

    botocore.endpoint.Endpoint._send = blocked
    getpass.getpass = blocked
    real_popen = subprocess.Popen
    subprocess.Popen = blocked  # ProcessProvider default popen is bound at
    # definition time, so ProcessProvider is handled below as well.

    # -- assume role ------------------------------------------------------
    orig_get_role_config = bc.AssumeRoleProvider._get_role_config

    def get_role_config(self, profile_name):
        role_config = orig_get_role_config(self, profile_name)
        hop = {
            'profile': profile_name,
            'kind': 'assume_role',
            'role_arn': role_config.get('role_arn'),
            'source_profile': role_config.get('source_profile'),
            'credential_source': role_config.get('credential_source'),
            'external_id': role_config.get('external_id'),
            'mfa_serial': role_config.get('mfa_serial'),
            'role_session_name': role_config.get('role_session_name'),
            'duration_seconds': role_config.get('duration_seconds'),
        }
        rec().chain.append(hop)
        rec().assume_role_hops.append(hop)
        return role_config

    bc.AssumeRoleProvider._get_role_config = get_role_config

    orig_ar_fetcher_init = bc.AssumeRoleCredentialFetcher.__init__

    def ar_fetcher_init(self, *args, **kwargs):
        orig_ar_fetcher_init(self, *args, **kwargs)
        rec().assume_role_keys.append(self._create_cache_key())

    bc.AssumeRoleCredentialFetcher.__init__ = ar_fetcher_init

    def resolve_from_source(self, credential_source, profile_name):
        # botocore would ask the Env / container / IMDS provider here; the
        # oracle treats the named source as yielding credentials.
        rec().chain.append({
            'profile': profile_name,
            'kind': 'credential_source',
            'credential_source': credential_source,
        })
        return dummy_credentials(credential_source)

    bc.AssumeRoleProvider._resolve_credentials_from_source = resolve_from_source

    # -- web identity -----------------------------------------------------
    orig_wi_fetcher_init = bc.AssumeRoleWithWebIdentityCredentialFetcher.__init__

    def wi_fetcher_init(self, *args, **kwargs):
        orig_wi_fetcher_init(self, *args, **kwargs)
        rec().pending_wi_key = self._create_cache_key()

    bc.AssumeRoleWithWebIdentityCredentialFetcher.__init__ = wi_fetcher_init

    orig_wi_load = bc.AssumeRoleWithWebIdentityProvider.load

    def wi_load(self):
        rec().pending_wi_key = None
        creds = orig_wi_load(self)
        if creds is not None:
            hop = {
                'profile': self._profile_name,
                'kind': 'web_identity',
                'role_arn': self._get_config('role_arn'),
                'web_identity_token_file': self._get_config(
                    'web_identity_token_file'),
                'role_session_name': self._get_config('role_session_name'),
            }
            rec().chain.append(hop)
            rec().keyed_hops.append((hop, rec().pending_wi_key))
        return creds

    bc.AssumeRoleWithWebIdentityProvider.load = wi_load

    # -- SSO --------------------------------------------------------------
    orig_sso_load = bc.SSOProvider.load

    def sso_load(self):
        creds = orig_sso_load(self)
        if creds is not None:
            cfg = self._load_sso_config()
            rec().chain.append({
                'profile': self._profile_name,
                'kind': 'sso',
                'sso_start_url': cfg.get('sso_start_url'),
                'sso_region': cfg.get('sso_region'),
                'sso_account_id': cfg.get('sso_account_id'),
                'sso_role_name': cfg.get('sso_role_name'),
                'sso_session': cfg.get('sso_session'),
            })
        return creds

    bc.SSOProvider.load = sso_load

    # -- static: credentials file / config file ---------------------------
    def static_wrapper(orig, source):
        def load(self):
            creds = orig(self)
            if creds is not None:
                rec().chain.append({
                    'profile': self._profile_name,
                    'kind': 'static',
                    'from': source,
                    'has_session_token': creds.token is not None,
                })
            return creds
        return load

    bc.SharedCredentialProvider.load = static_wrapper(
        bc.SharedCredentialProvider.load, 'credentials')
    bc.ConfigProvider.load = static_wrapper(
        bc.ConfigProvider.load, 'config')

    # -- login ------------------------------------------------------------
    def login_load(self):
        # Same trigger as botocore's LoginProvider.load; the token cache
        # (and the CRT dependency) are not consulted.
        profiles = self._load_config().get('profiles', {})
        profile_config = profiles.get(self._profile_name, {})
        if 'login_session' not in profile_config:
            return None
        rec().chain.append({
            'profile': self._profile_name,
            'kind': 'login',
            'login_session': profile_config['login_session'],
        })
        return dummy_credentials('login')

    bc.LoginProvider.load = login_load

    # -- credential_process -----------------------------------------------
    def retrieve_using(self, credential_process):
        argv = botocore.compat.compat_shell_split(credential_process)
        rec().chain.append({
            'profile': self._profile_name,
            'kind': 'process',
            'credential_process': credential_process,
            'argv': argv,
        })
        # botocore now calls subprocess.Popen(argv, ...).  An empty argv
        # fails inside Popen before any process is started (POSIX Popen
        # reads args[0] first: IndexError), so the real Popen is called for
        # it; any other argv is never run.
        if not argv:
            real_popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            raise _Blocked('Popen([]) started a process')
        return {
            'access_key': 'ORACLE_AK',
            'secret_key': 'ORACLE_SK',
            'token': None,
            'expiry_time': None,
            'account_id': None,
        }

    bc.ProcessProvider._retrieve_credentials_using = retrieve_using
    orig_process_init = bc.ProcessProvider.__init__

    def process_init(self, profile_name, load_config, popen=None):
        orig_process_init(self, profile_name, load_config, popen=blocked)

    bc.ProcessProvider.__init__ = process_init


PROFILE_METHODS = (
    'assume-role',
    'assume-role-with-web-identity',
    'sso',
    'shared-credentials-file',
    'login',
    'custom-process',
    'config-file',
)


def _classify_parse_error(exc):
    import configparser
    inner = exc.kwargs.get('error')
    if isinstance(inner, UnicodeDecodeError):
        return 'invalid_utf8', None
    if isinstance(inner, configparser.DuplicateOptionError):
        return 'duplicate_key', inner.lineno
    if isinstance(inner, configparser.DuplicateSectionError):
        return 'duplicate_section', inner.lineno
    if isinstance(inner, configparser.MissingSectionHeaderError):
        return 'no_section_header', inner.lineno
    if isinstance(inner, configparser.ParsingError):
        return 'invalid_line', inner.errors[0][0] if inner.errors else None
    if isinstance(inner, ValueError):
        return 'invalid_nested_line', None
    return 'unknown:%s' % type(inner).__name__, None


def _error_kind(exc):
    import botocore.exceptions as be
    if isinstance(exc, be.InfiniteLoopConfigError):
        return 'cycle'
    if isinstance(exc, be.InvalidConfigError):
        return 'invalid_config'
    if isinstance(exc, be.PartialCredentialsError):
        return 'partial_credentials'
    if isinstance(exc, ValueError):
        return 'invalid_value'
    return None


def _python_error(exc):
    """The name of an exception botocore raises on what a file holds.

    TypeError, AttributeError, IndexError, ... (builtins) are defined outcomes
    (SCHEMA.md, PythonError), and so are botocore's own exceptions outside its
    four error classes (InvalidIMDSEndpointModeError, ...), by the same rule.
    RecursionError is not (its depth depends on the caller's stack), nor is
    anything the oracle itself raised.
    """
    if isinstance(exc, (_Blocked, RecursionError)):
        return None
    if type(exc).__module__ not in ('builtins', 'botocore.exceptions'):
        return None
    return type(exc).__name__


class OracleCrash(Exception):
    """botocore failed in a way that is not one of the defined outcomes."""


def run_case(case_dir):
    """Return the expected.json object for case_dir (env already clean)."""
    import botocore.session
    import botocore.credentials as bc
    import botocore.exceptions as be

    config_path = os.path.join(os.path.abspath(case_dir), 'config')
    creds_path = os.path.join(os.path.abspath(case_dir), 'credentials')
    os.environ['AWS_CONFIG_FILE'] = config_path
    # An absent credentials file is passed as a path that does not exist.
    os.environ['AWS_SHARED_CREDENTIALS_FILE'] = creds_path

    rec_holder = [Recorder()]
    install_instrumentation(rec_holder)

    session = botocore.session.Session()
    try:
        full = session.full_config
    except be.ConfigParseError as exc:
        path = exc.kwargs.get('path')
        which = 'credentials' if path == creds_path else 'config'
        reason, line = _classify_parse_error(exc)
        return {
            'cli_rejects': {'file': which, 'reason': reason, 'line': line},
            'profiles': {},
        }

    out = {'cli_rejects': None, 'profiles': {}}
    for name in list(full['profiles']):
        values = full['profiles'][name]
        rec = Recorder()
        rec_holder[0] = rec
        psession = botocore.session.Session(profile=name)
        entry = {
            'values': values,
            'sts_region': values.get('region'),
            'result': None,
            'error': None,
            'error_message': None,
            'chain': rec.chain,
        }
        try:
            # Building the resolver reads the profile's IMDS settings
            # (metadata_service_timeout goes through int(), ...): it can
            # fail as loading does, so it is inside the try.
            resolver = bc.create_credential_resolver(psession, cache={})
            resolver.providers = [
                p for p in resolver.providers if p.METHOD in PROFILE_METHODS
            ]
            creds = resolver.load_credentials()
        except Exception as exc:  # classified below
            kind = _error_kind(exc)
            if kind is None:
                kind = _python_error(exc)
            if kind is None:
                raise OracleCrash('profile %r: %s: %s' % (
                    name, type(exc).__name__, exc))
            entry['result'] = 'error'
            entry['error'] = kind
            entry['error_message'] = str(exc)
        else:
            if creds is None:
                entry['result'] = 'no_credentials'
            else:
                entry['result'] = 'ok'
                keys = list(reversed(rec.assume_role_keys))
                if len(keys) != len(rec.assume_role_hops):
                    raise OracleCrash('profile %r: %d assume-role hops but '
                                      '%d fetchers' % (
                                          name, len(rec.assume_role_hops),
                                          len(keys)))
                for hop, key in zip(rec.assume_role_hops, keys):
                    hop['cli_cache_key'] = key
                for hop, key in rec.keyed_hops:
                    hop['cli_cache_key'] = key
        out['profiles'][name] = entry
    return out


def dumps(obj):
    return json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + '\n'


# ---------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------

def _run_one_in_child(case_dir):
    """Run the oracle on case_dir in a fresh interpreter; return (rc, out, err)."""
    home = tempfile.mkdtemp(prefix='oracle-home-')
    try:
        proc = subprocess.run(
            [sys.executable, os.path.abspath(__file__), '--child', case_dir],
            env=_child_env(home), capture_output=True)
    finally:
        _rmtree(home)
    return proc.returncode, proc.stdout.decode('utf-8'), proc.stderr.decode(
        'utf-8', 'replace')


def _rmtree(path):
    import shutil
    shutil.rmtree(path, ignore_errors=True)


def _diff(a, b, path='$'):
    out = []
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a:
                out.append('%s.%s: missing in oracle output' % (path, k))
            elif k not in b:
                out.append('%s.%s: not in expected' % (path, k))
            else:
                out.extend(_diff(a[k], b[k], '%s.%s' % (path, k)))
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            out.extend(_diff(x, y, '%s[%d]' % (path, i)))
    elif a != b or type(a) is not type(b):
        out.append('%s: oracle %s != expected %s' % (
            path, json.dumps(a, ensure_ascii=False),
            json.dumps(b, ensure_ascii=False)))
    return out


def check(dirs, ignore_messages=False):
    cases = []
    for d in dirs:
        for name in sorted(os.listdir(d)):
            full = os.path.join(d, name)
            if os.path.isfile(os.path.join(full, 'expected.json')):
                cases.append(full)
    bad = 0
    for case in cases:
        rc, out, err = _run_one_in_child(case)
        if rc != 0:
            bad += 1
            print('CRASH %s\n%s' % (case, err.strip()))
            continue
        got = json.loads(out)
        with open(os.path.join(case, 'expected.json'), encoding='utf-8') as f:
            want = json.load(f)
        if ignore_messages:
            for obj in (got, want):
                for p in obj.get('profiles', {}).values():
                    p.pop('error_message', None)
        diffs = _diff(got, want)
        if diffs:
            bad += 1
            print('MISMATCH %s' % case)
            for line in diffs:
                print('    ' + line)
    print('%d/%d cases match' % (len(cases) - bad, len(cases)))
    return 1 if bad else 0


def _batch_child(dirs):
    """Run the oracle on every case folder, each in a fork of this interpreter.

    The environment is already clean (see batch); botocore is imported once,
    here, and each case gets a forked copy of the interpreter in which the
    instrumentation is installed, as a fresh interpreter would.  The answer
    goes to DIR/oracle.json, or a crash's message to DIR/oracle.err.
    """
    _clean_environment(os.environ['HOME'])
    import botocore.session  # noqa: F401  (imported once, before the forks)
    import botocore.credentials  # noqa: F401
    for case_dir in dirs:
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                with open(os.path.join(case_dir, 'oracle.json'), 'w',
                          encoding='utf-8') as f:
                    f.write(dumps(run_case(case_dir)))
            except BaseException as exc:  # noqa: B902 - reported, not raised
                code = 3 if isinstance(exc, OracleCrash) else 1
                with open(os.path.join(case_dir, 'oracle.err'), 'w',
                          encoding='utf-8') as f:
                    f.write('%s: %s\n' % (type(exc).__name__, exc))
            finally:
                sys.stdout.flush()
                os._exit(code)
        os.waitpid(pid, 0)
    return 0


def batch(dirs):
    """Many cases at once (see _batch_child): DIR/oracle.json or DIR/oracle.err each."""
    home = tempfile.mkdtemp(prefix='oracle-home-')
    try:
        proc = subprocess.run(
            [sys.executable, os.path.abspath(__file__), '--batch-child'] + dirs,
            env=_child_env(home))
    finally:
        _rmtree(home)
    return proc.returncode


def main(argv):
    if len(argv) >= 2 and argv[1] == '--batch':
        return batch(argv[2:])
    if len(argv) >= 2 and argv[1] == '--batch-child':
        return _batch_child(argv[2:])
    if len(argv) >= 2 and argv[1] == '--check':
        rest = argv[2:]
        ignore = '--ignore-messages' in rest
        rest = [a for a in rest if a != '--ignore-messages']
        return check(rest, ignore_messages=ignore)
    if len(argv) == 3 and argv[1] == '--child':
        # the real work, in a fresh interpreter started by
        # _run_one_in_child with a clean environment and an empty HOME
        _clean_environment(os.environ['HOME'])
        try:
            result = run_case(argv[2])
        except OracleCrash as exc:
            sys.stderr.write('oracle: botocore crashed: %s\n' % exc)
            return 3
        sys.stdout.write(dumps(result))
        return 0
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    rc, out, err = _run_one_in_child(argv[1])
    sys.stdout.write(out)
    sys.stderr.write(err)
    return rc


if __name__ == '__main__':
    sys.exit(main(sys.argv))
