#!/usr/bin/env python3
"""Generate the extra conformance cases in test/fixtures/conformance-extra.

Every case is a (name, description, config, credentials) tuple below; the
expected.json is computed by botocore_oracle.py (botocore's own code).
credentials=None means "the file does not exist".  Strings are written as
UTF-8; bytes are written verbatim (for invalid UTF-8, BOMs, odd line ends).

    python3 scripts/oracle/make_extra_cases.py [--only SUBSTR]

Cases on which botocore crashes with an outcome outside the schema (e.g. a
RecursionError) are skipped and reported on stdout.
"""

import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'conformance-extra')
ORACLE = os.path.join(HERE, 'botocore_oracle.py')

ACCT = '123456789012'


def arn(name):
    return 'arn:aws:iam::%s:role/%s' % (ACCT, name)


BASE = ('[base]\naws_access_key_id = AKIA_BASE\n'
        'aws_secret_access_key = SECRET_BASE\n')

CASES = []


def case(name, description, config, credentials=None, crash=False):
    # crash=True: botocore is expected to crash outside the defined outcomes;
    # the probe is run and reported but no case folder is written.
    CASES.append((name, description, config, credentials, crash))


def role(profile, target, extra=''):
    return '[profile %s]\nrole_arn = %s\nsource_profile = %s\n%s\n' % (
        profile, arn(profile), target, extra)


# ===========================================================================
# configparser line rules
# ===========================================================================

case('colon_delimiter',
     "':' is a key/value delimiter in both files, with or without spaces.",
     '[profile c]\nregion: eu-west-1\noutput : json\n',
     '[c]\naws_access_key_id: AKIA_C\naws_secret_access_key:SECRET_C\n')

case('first_delimiter_wins',
     "The key ends at the FIRST '=' or ':' on the line, whichever comes first.",
     '[profile d]\nrole_arn:arn:aws:iam::%s:role/d\nsource_profile = base\n'
     'url: http://h/?a=b\nk:v = w\nx = y: z\n' % ACCT,
     BASE)

case('empty_key_equals',
     "A line '= value' (empty key) is a ParsingError for the whole file.",
     '[default]\nregion = us-east-1\n= orphan\n')

case('empty_key_colon',
     "A line ': value' (empty key via ':') is a ParsingError.",
     '[default]\n: orphan\nregion = us-east-1\n')

case('empty_key_twice_is_duplicate',
     "Two '= v' lines: configparser stores key '' and raises DuplicateOptionError on the second one before the collected ParsingError.",
     '[default]\n= a\nregion = r\n= b\n')

case('invalid_line_then_duplicate_key',
     'An invalid line is collected until end of file, but a later duplicate key raises immediately: the duplicate is reported.',
     '[default]\nfoo\nregion = a\nregion = b\n')

case('invalid_line_then_duplicate_section',
     'An invalid line followed by a duplicate section: DuplicateSectionError is raised first.',
     '[profile a]\nfoo\n[profile a]\n')

case('two_invalid_lines',
     'Several invalid lines: the first one is reported.',
     '[default]\nregion = r\nfirst bad line\noutput = json\nsecond bad line\n')

case('invalid_text_swallowed_as_continuation',
     'A line without a delimiter is fine if it is indented deeper than the previous key: it is a continuation.',
     '[default]\nregion = us-east-1\n    not a key line\n')

case('comments_inside_continuation',
     'Indented and column-0 comment lines inside a continuation / nested block are skipped and do not end the block.',
     '[default]\noutput = first\n  # indented comment\n; column-0 comment\n  tail\n'
     's3 =\n  a = 1\n# column-0 comment\n  b = 2\n')

case('continuation_after_blank_lines',
     'Blank lines inside a continuation are kept as empty lines; a nested block may start after blank lines.',
     '[default]\noutput = a\n\n\n   b\ns3 =\n\n\n  addressing_style = path\n\nregion = r\n\n\n')

case('indented_header_after_key_swallowed',
     'An indented [section] line after a key is a continuation of that key (and so are the lines after it).',
     '[profile a]\nregion = r\n  [profile b]\n  region = s\n')

case('indented_header_after_header',
     'An indented header right after a header (no option yet) is still a header; uniform indentation works.',
     '  [profile a]\n  region = r\n  [profile b]\n    [profile c]\nregion = t\n')

case('tab_vs_space_indent',
     'Indentation is counted in characters: one tab (1) is less than two spaces (2).',
     '[profile t]\n  output = a\n\tregion = b\n[profile u]\n\toutput = a\n  region = b\n')

case('nbsp_indent_is_continuation',
     'A NBSP (U+00A0) before a key counts as indentation: the key becomes a continuation of the previous one.',
     '[default]\nregion = us-east-1\n',
     '[default]\naws_access_key_id = AKIA_D\n\u00a0aws_secret_access_key = SECRET_D\n')

case('unicode_space_around_key_value',
     'NBSP / U+3000 / U+2003 around keys and values are stripped like ASCII spaces.',
     '[default]\nregion\u00a0=\u00a0eu-west-1\u00a0\noutput\u3000=\u3000json\u3000\n'
     '\u2003\n[profile x]\ncli_pager\u2003:\u2003less\n')

case('nbsp_in_headers',
     "Headers keep inner Unicode spaces: shlex does not split on NBSP, so '[profile\\u00a0a]' is dropped and '[profile b\\u00a0]' is profile 'b\\u00a0'.",
     '[profile\u00a0a]\nregion = a\n[\u00a0default]\nregion = d\n[profile b\u00a0]\nregion = b\n',
     '[\u00a0x]\naws_access_key_id = AK\naws_secret_access_key = SK\n')

case('ideographic_space_in_headers',
     "U+3000 inside a header is not a shlex separator: '[profile\\u3000a]' is dropped, '[profile a\\u3000b]' is profile 'a\\u3000b'.",
     '[profile\u3000a]\nregion = a\n[profile a\u3000b]\nregion = ab\n[profile c]\u3000\nregion = c\n')

case('vt_ff_in_values',
     "\\x0b and \\x0c are not line ends when reading the file; they stay inside values (or are stripped at the ends).",
     '[default]\noutput = a\x0bb\nregion = r\x0c\ncli_pager = \x0cx\x0cy\n')

case('nested_block_splitlines_chars',
     "Inside a nested block, botocore uses str.splitlines(): \\x0b, \\x0c, \\x1c-\\x1e, \\x85, U+2028/2029 split one file line into several sub-keys.",
     '[default]\ns3 =\n  a = 1\x0bb = 2\n  c = 3\x0cd = 4\n  e = 5\x1cf = 6\n'
     '  g = 7\x1dh = 8\n  i = 9\x1ej = 10\n  k = 11\x85l = 12\n  m = 13\u2028n = 14\n'
     '  o = 15\u2029p = 16\n  q = 17\x1fr = 18\n')

case('nested_splitlines_piece_without_equals',
     "A \\x0b inside a nested line makes a piece without '=': ConfigParseError (invalid_nested_line).",
     '[default]\ns3 =\n  addressing_style = path\x0bjunk\n')

case('info_separator_as_indent',
     "\\x1c (a str.isspace() character) before a key counts as indentation: continuation.",
     '[default]\nregion = r\n\x1coutput = x\n')

case('zero_width_space_not_stripped',
     'U+200B is not whitespace: it stays in keys and values.',
     '[default]\nregion = r\u200b\n\u200boutput = json\n')

case('bom_mid_file_before_header',
     "A U+FEFF before a header on a later line: not a header (an invalid line, collected), so the keys after it stay in the previous section and 'region' becomes a duplicate key, which is reported first.",
     '[default]\nregion = r\n\ufeff[profile b]\nregion = s\n')

case('bom_mid_file_invalid_line',
     "A U+FEFF before a header on a later line is an invalid line (no delimiter) when no duplicate follows.",
     '[default]\nregion = r\n\ufeff[profile b]\noutput = s\n')

case('bom_in_key',
     "A U+FEFF before a key on a later line is part of the key ('\\ufeffregion').",
     '[default]\n\ufeffregion = r\n')

case('bom_inside_header',
     "U+FEFF inside brackets: '[\\ufeffdefault]' is not the default profile; '[profile \\ufeffa]' is profile '\\ufeffa'.",
     '[\ufeffdefault]\nregion = d\n[profile \ufeffa]\nregion = a\n')

case('bom_credentials',
     'A UTF-8 BOM at the start of the credentials file -> no_section_header in credentials.',
     '[default]\nregion = r\n',
     b'\xef\xbb\xbf[default]\naws_access_key_id = AK\naws_secret_access_key = SK\n')

case('bom_then_blank_first_line',
     'A BOM alone on line 1 (then a blank line, then the header) is still text before the first header.',
     b'\xef\xbb\xbf\n[default]\nregion = r\n')

case('lone_cr_mixed_line_ends',
     'Lone CR, CRLF and LF mixed in one file all end lines.',
     b'[default]\rregion = a\r\n[profile b]\nregion = b\r[profile c]\r\noutput = x\r  more\r')

case('trailing_whitespace_headers',
     "Trailing spaces/tabs after ']' are stripped; spaces inside the brackets are shlex-split away ('[profile b ]' = b) but '[ profile c]' is not a profile.",
     '[profile a]   \t\nregion = x   \t\n[profile b ]\nregion = y\n[ profile c]\nregion = z\n')

case('comment_after_header_inline_kept_in_value',
     "'[default] ; c' is the header 'default'; '; c' after a value is part of the value.",
     '[default] ; comment\nregion = us-east-1 ; not a comment\noutput = json # nor this\n')

case('comment_and_blank_lines_before_first_header',
     'Comment lines (also indented) and blank lines before the first header are fine.',
     '# top comment\n\n   ; indented comment\n\t# tab comment\n[default]\nregion = r\n')

case('indented_text_before_first_header',
     'Indented text before the first header is not a continuation: no_section_header on line 1.',
     '  region = r\n[default]\n')

case('header_swallows_rest_of_line',
     "The header regex is anchored at the start only: '[profile w] = v' is header 'profile w' and the rest of the line is lost.",
     '[profile w] = v\nregion = w\n[profile x] junk\nregion = x\n[profile y]z]\nregion = y\n')

# ===========================================================================
# [DEFAULT]
# ===========================================================================

case('default_section_config',
     '[DEFAULT] in config is inherited by every section of the config file (profiles, sso-sessions); a profile may override.',
     '[DEFAULT]\nregion = eu-west-1\noutput = json\n[profile a]\n[profile b]\nregion = us-east-1\n'
     '[sso-session s]\nsso_start_url = https://s.awsapps.com/start\n[foo]\nx = 1\n',
     '[c]\naws_access_key_id = AK\naws_secret_access_key = SK\n')

case('default_section_credentials',
     '[DEFAULT] in credentials is inherited by every credentials section, completing a partial key pair.',
     '[profile c]\nregion = r\n',
     '[DEFAULT]\naws_access_key_id = AK_DEF\naws_secret_access_key = SK_DEF\n[a]\n'
     '[b]\naws_access_key_id = AK_B\n')

case('default_section_only',
     'A file holding only [DEFAULT] yields no profile at all.',
     '[DEFAULT]\nregion = r\naws_access_key_id = AK\naws_secret_access_key = SK\n',
     '[DEFAULT]\naws_access_key_id = AK2\naws_secret_access_key = SK2\n')

case('default_duplicate_sections_allowed',
     'Two [DEFAULT] sections are NOT a duplicate-section error (DEFAULT is never in the section list); their keys merge.',
     '[DEFAULT]\nregion = a\n[profile x]\n[DEFAULT]\noutput = json\n')

case('default_duplicate_key_across_blocks',
     'The same key in two [DEFAULT] blocks is a duplicate key.',
     '[DEFAULT]\nregion = a\n[profile x]\n[DEFAULT]\nregion = b\n')

case('default_case_variants',
     "Only upper-case '[DEFAULT]' is special; '[Default]' is a plain section, '[default]' the default profile.",
     '[Default]\nregion = D1\n[DEFAULT]\noutput = json\n[default]\nregion = d\n')

case('default_provides_config_static_keys',
     '[DEFAULT] static keys in config give every config profile config-file credentials, but not credentials-only profiles.',
     '[DEFAULT]\naws_access_key_id = AK_DEF\naws_secret_access_key = SK_DEF\n[profile a]\nregion = r\n[default]\n',
     '[c]\nregion = x\n')

case('default_role_for_every_profile',
     '[DEFAULT] role_arn + source_profile apply to every profile, including the source itself (self-reference with static keys).',
     '[DEFAULT]\nrole_arn = %s\nsource_profile = base\n[profile dev]\n[profile base]\n' % arn('all'),
     BASE)

case('default_role_base_without_keys',
     '[DEFAULT] role_arn + source_profile with a base that has no static keys: infinite loop via self-reference.',
     '[DEFAULT]\nrole_arn = %s\nsource_profile = base\n[profile dev]\n[profile base]\nregion = r\n' % arn('all'))

case('default_web_identity_hijacks_roles',
     '[DEFAULT] web_identity_token_file turns every role_arn profile into web identity (source_profile ignored).',
     '[DEFAULT]\nweb_identity_token_file = /var/run/token\n[profile a]\nrole_arn = %s\nsource_profile = base\n'
     '[profile plain]\nregion = r\n' % arn('a'),
     BASE)

case('default_sso_account_makes_every_profile_sso',
     '[DEFAULT] sso_account_id triggers the SSO provider for every config profile (even one with credentials-file keys).',
     '[DEFAULT]\nsso_account_id = 111122223333\n[profile plain]\nregion = r\n[profile st]\n',
     '[st]\naws_access_key_id = AK\naws_secret_access_key = SK\n')

case('default_nested_block',
     'A nested s3 block in [DEFAULT] is inherited whole; a profile with its own s3 block replaces it (no deep merge).',
     '[DEFAULT]\ns3 =\n  addressing_style = path\n[profile a]\ns3 =\n  use_accelerate_endpoint = true\n[profile b]\n')

# ===========================================================================
# duplicates, key case
# ===========================================================================

case('duplicate_key_case_variants',
     "'Region' then 'REGION' in one section: duplicate key (after lower-casing).",
     '[default]\nRegion = a\nREGION = b\n')

case('duplicate_key_mixed_delimiters',
     "'region = a' then 'region: b': duplicate key.",
     '[default]\nregion = a\nregion: b\n')

case('duplicate_key_kelvin_sign',
     "'aws_access_\\u212aey_id' (KELVIN SIGN) lower-cases to 'aws_access_key_id': duplicate key.",
     '[default]\nregion = r\n',
     '[default]\naws_access_key_id = A\naws_access_\u212aey_id = B\naws_secret_access_key = S\n')

case('kelvin_sign_key_is_access_key',
     "'aws_access_\\u212aey_id' (KELVIN SIGN) is the access key after str.lower().",
     '[default]\nregion = r\n',
     '[default]\naws_access_\u212aey_id = AKIA_K\naws_secret_access_key = SECRET_K\n')

case('nonascii_key_lowercase',
     "Keys are lower-cased with str.lower(): 'RÉGION' -> 'région', '\\u0130d' -> 'i\\u0307d' (two code points).",
     '[default]\nRÉGION = x\nÆÖ = y\n\u0130d = z\nSTRASSE\u1e9e = w\n')

case('duplicate_section_only_exact_name',
     "'[profile a]', '[profile  a]' and '[profile \"a\"]' are three sections (no error) that all map to profile a: the last wins wholesale.",
     '[profile a]\nregion = 1\naws_access_key_id = AK\naws_secret_access_key = SK\n'
     '[profile  a]\nregion = 2\n[profile "a"]\noutput = 3\n')

case('duplicate_section_credentials',
     'A duplicate section in the credentials file is reported for credentials.',
     '[default]\nregion = r\n',
     '[a]\nregion = 1\n[b]\n[a]\n')

case('default_three_spellings',
     "'[profile default]', '[default]' and '[profiles default]' all write profile default: the last section wins wholesale.",
     '[profile default]\nregion = a\n[default]\nregion = b\n[profiles default]\noutput = c\n')

case('same_profile_later_section_drops_keys',
     "'[profile a]' with static keys then '[profiles a]' with only a region: a has no keys left (ConfigProvider sees the same map).",
     '[profile a]\nregion = 1\naws_access_key_id = AK\naws_secret_access_key = SK\n[profiles a]\nregion = 2\n')

case('credentials_profile_prefix_is_literal',
     "Credentials '[profile a]' is profile 'profile a', separate from config '[profile a]' = a.",
     '[profile a]\nregion = r\n',
     '[profile a]\naws_access_key_id = AK\naws_secret_access_key = SK\n[profile default]\naws_access_key_id = AK2\naws_secret_access_key = SK2\n')

# ===========================================================================
# section header forms
# ===========================================================================

case('header_empty_brackets',
     "'[]' is not a header ('.+' needs one character) and has no delimiter: invalid_line.",
     '[default]\nregion = r\n[]\n')

case('header_space_only',
     "'[ ]' is a section named ' ': not a profile in config, profile ' ' in credentials.",
     '[ ]\nregion = x\n',
     '[ ]\naws_access_key_id = AK\naws_secret_access_key = SK\n')

case('header_profile_prefix_variants',
     "'[profile]', '[profilefoo]', '[profile a b c]' are dropped; '[profiles x]' and '[profileX y]' are profiles x and y.",
     '[profile]\nregion = 0\n[profiles x]\nregion = x\n[profileX y]\nregion = y\n'
     '[profilefoo]\nregion = f\n[profile a b c]\nregion = abc\n[profile\tt]\nregion = t\n')

case('header_quotes',
     "shlex quoting in headers: \"a b\", 'c', d\\ e, \"x\"y, and an unterminated quote (dropped).",
     '[profile "a b"]\nregion = 1\n[profile \'c\']\nregion = 2\n[profile d\\ e]\nregion = 3\n'
     '[profile "x"y]\nregion = 4\n[profile "unterminated]\nregion = 5\n[profile \'it\'"\'"\'s\']\nregion = 6\n')

case('header_quoted_empty_name',
     "'[profile \\'\\']' is a profile with the EMPTY name, so 'source_profile =' (empty) resolves to it.",
     "[profile '']\naws_access_key_id = AK_EMPTY\naws_secret_access_key = SK_EMPTY\n"
     '[profile x]\nrole_arn = %s\nsource_profile =\n' % arn('x'))

case('empty_profile_name_resolves_as_default',
     "Resolving the profile named '' : botocore's resolver uses `profile or 'default'`, so '' gets the DEFAULT profile's credentials, not its own.",
     "[profile '']\naws_access_key_id = AK_EMPTY\naws_secret_access_key = SK_EMPTY\nregion = eu-west-1\n"
     '[default]\ncredential_process = /bin/default-creds\n')

case('header_quoted_empty_name_replaced',
     "'[profile \'\']' then '[profile \"\"]': both are profile '' (different sections, no error); the later one wins wholesale.",
     "[profile '']\naws_access_key_id = AK_EMPTY\naws_secret_access_key = SK_EMPTY\n"
     '[profile x]\nrole_arn = %s\nsource_profile =\n[profile ""]\nregion = later\n' % arn('x'))

case('header_trailing_backslash_dropped',
     "'[profile a\\]' makes shlex raise (No escaped character): the section is silently dropped.",
     '[profile a\\]\nregion = 1\n[profile b]\nregion = 2\n')

case('header_shlex_escapes_and_hash',
     "Headers: '#' is kept (a#b), backslash escapes (it\\'s, a\\\\b), escaped double quote inside quotes.",
     '[profile a#b]\nregion = 1\n[profile it\\\'s]\nregion = 2\n[profile a\\\\b]\nregion = 3\n'
     '[profile "q\\"x"]\nregion = 4\n')

case('header_equals_and_colon_in_name',
     "'[profile a=b]' and '[profile c:d]' are profiles 'a=b' and 'c:d' (header matching comes before option matching).",
     '[profile a=b]\nregion = 1\n[profile c:d]\nregion = 2\n')

case('sso_session_header_variants',
     "sso-session headers follow the same rules: 'sso-sessions b', 'sso-sessionX c' and quoted names work; bare / 3-word ones are dropped.",
     '[sso-session a]\nsso_start_url = https://a.awsapps.com/start\nsso_region = us-east-1\n'
     '[sso-sessions b]\nsso_start_url = https://b.awsapps.com/start\nsso_region = us-east-1\n'
     '[sso-sessionX c]\nsso_start_url = https://c.awsapps.com/start\nsso_region = us-east-1\n'
     '[sso-session "d e"]\nsso_start_url = https://d.awsapps.com/start\nsso_region = us-east-1\n'
     '[sso-session]\nsso_start_url = https://f.awsapps.com/start\nsso_region = us-east-1\n'
     '[sso-session g h]\nsso_start_url = https://g.awsapps.com/start\nsso_region = us-east-1\n'
     + ''.join('[profile p_%s]\nsso_session = %s\nsso_account_id = 1\nsso_role_name = R\n' % (k, v)
               for k, v in [('a', 'a'), ('b', 'b'), ('c', 'c'), ('de', 'd e'), ('bare', 'sso-session'), ('g', 'g h')]))

case('prefix_precedence_in_headers',
     "'[profile sso-session x]' is a (dropped, 3-word) profile header; '[sso-session profile]' is an sso-session named 'profile'; '[profile services]' is profile 'services'; '[services x]' is not a profile.",
     '[profile sso-session x]\nregion = 1\n[sso-session profile]\nsso_start_url = https://p.awsapps.com/start\nsso_region = eu-west-1\n'
     '[profile services]\nregion = 2\n[services x]\ns3 =\n  endpoint_url = http://localhost\n'
     '[profile uses_profile_session]\nsso_session = profile\nsso_account_id = 1\nsso_role_name = R\nservices = x\n')

# ===========================================================================
# nested blocks
# ===========================================================================

case('nested_blank_duplicate_and_odd_lines',
     "Nested block: blank lines skipped, duplicate sub-key (last wins, no error), 'b=' empty, '=x' empty sub-key, 'c = d = e' split at first '='.",
     '[default]\ns3 =\n  a = 1\n\n  a = 2\n  b=\n  =x\n  c = d = e\n  Mixed_Case = kept\n')

case('nested_colon_line_error',
     "A ':' line inside a nested block has no '=': ConfigParseError (invalid_nested_line), even though ':' is a delimiter elsewhere.",
     '[default]\ns3 =\n  addressing_style: path\n')

case('nested_same_indent_keys',
     "'  s3 =' then keys at the same indentation: not nested, s3 is '' and the keys are ordinary.",
     '[default]\n  s3 =\n  addressing_style = path\n  region = r\n')

case('nested_value_on_first_line',
     "'s3 = x' followed by indented lines is a multi-line string, not a nested dict.",
     '[default]\ns3 = x\n  addressing_style = path\n')

case('nested_in_credentials',
     'Nested blocks are parsed in the credentials file too and show up in the merged values.',
     '[default]\nregion = r\n',
     '[default]\naws_access_key_id = AK\naws_secret_access_key = SK\ns3 =\n  addressing_style = path\n')

case('nested_role_arn',
     'role_arn given as a nested block is a dict; botocore still assumes "the role" and hashes the dict into the cache key.',
     '[profile n]\nrole_arn =\n  a = b\nsource_profile = base\n',
     BASE)


# ===========================================================================
# errors in files: which one is reported
# ===========================================================================

case('errors_in_both_files_config_reported',
     'Parse errors in both files: the config file is parsed first, so config is reported.',
     '[default]\nregion = r\nbad line\n',
     '[default]\naws_access_key_id = A\naws_access_key_id = B\n')

case('nested_error_config_vs_duplicate_credentials',
     'Nested-block error in config and duplicate key in credentials: config (invalid_nested_line) is reported.',
     '[default]\ns3 =\n  no_equals_here\n',
     '[default]\nregion = a\nregion = b\n')

case('credentials_only_error',
     'Config is fine, credentials has an invalid line: reported for credentials with its line.',
     '[default]\nregion = r\n',
     '[default]\naws_access_key_id = AK\n\naws_secret_access_key\n')

case('invalid_utf8_in_comment',
     'Invalid UTF-8 inside a comment line still fails the whole config file (decoding happens first).',
     b'[default]\n# caf\xe9\nregion = r\n')

case('invalid_utf8_surrogate_bytes',
     'UTF-8-encoded surrogate (ED A0 80) in credentials is invalid UTF-8.',
     '[default]\nregion = r\n',
     b'[default]\naws_access_key_id = AK\xed\xa0\x80\naws_secret_access_key = SK\n')

case('invalid_utf8_config_and_bad_line_credentials',
     'Invalid UTF-8 in config beats an invalid line in credentials.',
     b'[default]\nregion = \xff\n',
     '[default]\nnot a key\n')

# ===========================================================================
# resolution: precedence
# ===========================================================================

case('precedence_ladder',
     'Provider precedence: web identity (even with role_arn) > role_arn > SSO > credentials-file static > login > process > config-file static.',
     '[profile all]\nrole_arn = %s\nsource_profile = base\nweb_identity_token_file = /t\n'
     'sso_account_id = 1\nsso_role_name = R\nsso_start_url = https://u.awsapps.com/start\nsso_region = us-east-1\n'
     'login_session = L\ncredential_process = /bin/p\naws_access_key_id = AK_CFG\naws_secret_access_key = SK_CFG\n'
     '[profile no_wi]\nrole_arn = %s\nsource_profile = base\n'
     'sso_account_id = 1\nsso_role_name = R\nsso_start_url = https://u.awsapps.com/start\nsso_region = us-east-1\n'
     'login_session = L\ncredential_process = /bin/p\n'
     '[profile sso]\nsso_account_id = 1\nsso_role_name = R\nsso_start_url = https://u.awsapps.com/start\nsso_region = us-east-1\n'
     'login_session = L\ncredential_process = /bin/p\naws_access_key_id = AK_CFG\naws_secret_access_key = SK_CFG\n'
     '[profile cs]\nlogin_session = L\ncredential_process = /bin/p\naws_access_key_id = AK_CFG\naws_secret_access_key = SK_CFG\n'
     '[profile lg]\nlogin_session = L\ncredential_process = /bin/p\naws_access_key_id = AK_CFG\naws_secret_access_key = SK_CFG\n'
     '[profile pr]\ncredential_process = /bin/p\naws_access_key_id = AK_CFG\naws_secret_access_key = SK_CFG\n'
     '[profile cf]\naws_access_key_id = AK_CFG\naws_secret_access_key = SK_CFG\n' % (arn('all'), arn('no_wi')),
     BASE + '[all]\naws_access_key_id = AK_CR\naws_secret_access_key = SK_CR\n'
     '[sso]\naws_access_key_id = AK_CR\naws_secret_access_key = SK_CR\n'
     '[cs]\naws_access_key_id = AK_CR\naws_secret_access_key = SK_CR\n')

case('web_identity_misconfigured_no_fallthrough',
     'web_identity_token_file without role_arn raises even though credentials-file keys exist.',
     '[profile w]\nweb_identity_token_file = /t\n',
     '[w]\naws_access_key_id = AK\naws_secret_access_key = SK\n')

case('sso_misconfigured_no_fallthrough',
     'sso_account_id alone triggers SSO, which raises (missing config) even though credentials-file keys exist.',
     '[profile s]\nsso_account_id = 111122223333\n',
     '[s]\naws_access_key_id = AK\naws_secret_access_key = SK\n')

case('partial_keys_each_file',
     'Static keys must come complete from one file: every split / partial combination.',
     '[profile cfg_access_only]\naws_access_key_id = AK\n'
     '[profile cfg_secret_only]\naws_secret_access_key = SK\n'
     '[profile cred_secret_cfg_access]\naws_access_key_id = AK\n'
     '[profile cred_access_cfg_secret]\naws_secret_access_key = SK\n'
     '[profile cred_secret_plus_process]\ncredential_process = /bin/creds\n',
     '[cred_access_only]\naws_access_key_id = AK\n'
     '[cred_secret_only]\naws_secret_access_key = SK\n'
     '[cred_secret_cfg_access]\naws_secret_access_key = SK\n'
     '[cred_access_cfg_secret]\naws_access_key_id = AK\n'
     '[cred_secret_plus_process]\naws_secret_access_key = SK\n')

case('session_token_variants',
     'aws_security_token alone, both token keys, an empty token, and tokens in config.',
     '[profile cfg_sec]\naws_access_key_id = AK\naws_secret_access_key = SK\naws_security_token = T\n',
     '[sec]\naws_access_key_id = AK\naws_secret_access_key = SK\naws_security_token = T1\n'
     '[both]\naws_access_key_id = AK\naws_secret_access_key = SK\naws_security_token = T1\naws_session_token = T2\n'
     '[empty]\naws_access_key_id = AK\naws_secret_access_key = SK\naws_session_token =\n'
     '[none]\naws_access_key_id = AK\naws_secret_access_key = SK\n')

case('login_precedence',
     'login_session loses to SSO and credentials-file keys, beats credential_process and config-file keys.',
     '[profile l_sso]\nlogin_session = L\nsso_account_id = 1\nsso_role_name = R\nsso_start_url = https://u.awsapps.com/start\nsso_region = us-east-1\n'
     '[profile l_cred]\nlogin_session = L\n'
     '[profile l_proc]\nlogin_session = L\ncredential_process = /bin/p\naws_access_key_id = AK\naws_secret_access_key = SK\n',
     '[l_cred]\naws_access_key_id = AK\naws_secret_access_key = SK\n')

case('role_and_web_identity_split_across_files',
     'role_arn + source_profile in config, web_identity_token_file in credentials: the merged profile is web identity.',
     '[profile a]\nrole_arn = %s\nsource_profile = base\n' % arn('a'),
     BASE + '[a]\nweb_identity_token_file = /t\n')

case('role_in_credentials_file',
     'role_arn / source_profile in the credentials file work (merged view).',
     '[profile other]\nregion = r\n',
     BASE + '[r]\nrole_arn = %s\nsource_profile = base\nregion = eu-west-1\n' % arn('r'))

case('credential_source_and_source_profile_split_files',
     'credential_source in config and source_profile in credentials: "contains both".',
     '[profile a]\nrole_arn = %s\ncredential_source = Environment\n' % arn('a'),
     BASE + '[a]\nsource_profile = base\n')

# ===========================================================================
# empty values
# ===========================================================================

case('empty_static_keys',
     "Empty '' access key and secret still count: static credentials with empty strings.",
     '[profile cf]\naws_access_key_id =\naws_secret_access_key =\n',
     '[cr]\naws_access_key_id =\naws_secret_access_key =\n')

case('empty_role_arn',
     "role_arn = '' triggers assume role; RoleArn '' goes into the cache key.",
     '[profile e]\nrole_arn =\nsource_profile = base\n',
     BASE)

case('empty_web_identity_token_file',
     "web_identity_token_file = '' blocks AssumeRole (key present) but web identity ignores it (falsy): role_arn/source_profile are silently ignored.",
     '[profile e]\nrole_arn = %s\nsource_profile = base\nweb_identity_token_file =\n'
     '[profile e_static]\nrole_arn = %s\nsource_profile = base\nweb_identity_token_file =\n' % (arn('e'), arn('e_static')),
     BASE + '[e_static]\naws_access_key_id = AK\naws_secret_access_key = SK\n')

case('empty_sso_values',
     "Empty sso_* values count as present; sso_session = '' needs an sso-session with the empty name.",
     '[profile e]\nsso_account_id =\nsso_role_name =\nsso_start_url =\nsso_region =\n'
     '[profile es]\nsso_session =\nsso_account_id = 1\nsso_role_name = R\n'
     '[profile q]\nsso_session =\nsso_account_id = 1\nsso_role_name = R\nsso_region = eu-west-1\n'
     "[sso-session '']\nsso_start_url = https://empty.awsapps.com/start\nsso_region = eu-west-1\n")

case('empty_sso_session_missing',
     "sso_session = '' with no sso-session of that name: 'The specified sso-session does not exist: \"\"'.",
     '[profile es]\nsso_session =\nsso_account_id = 1\nsso_role_name = R\n')

case('empty_credential_process',
     "credential_process = '' still fires (not None): argv [] (botocore would then fail to start it); '\"\"' gives argv [''].",
     '[profile e]\ncredential_process =\n[profile q]\ncredential_process = ""\n'
     '[profile chained]\nrole_arn = %s\nsource_profile = e\n' % arn('chained'))

case('empty_role_parameters',
     "Empty role_session_name (the generated name is used and kept out of the cache key), external_id, mfa_serial and duration_seconds.",
     '[profile e]\nrole_arn = %s\nsource_profile = base\nrole_session_name =\nexternal_id =\nmfa_serial =\nduration_seconds =\n' % arn('e'),
     BASE)

case('empty_region',
     "region = '' gives sts_region ''; a source profile's region is never the STS region.",
     '[profile top]\nrole_arn = %s\nsource_profile = mid\nregion =\n'
     '[profile mid]\nregion = eu-west-1\naws_access_key_id = AK\naws_secret_access_key = SK\n'
     '[profile noreg]\nrole_arn = %s\nsource_profile = mid\n' % (arn('top'), arn('noreg')))

case('empty_login_session',
     "login_session = '' fires the login provider.",
     '[profile e]\nlogin_session =\n')

case('empty_credential_source',
     "credential_source = '' is set (not None) and invalid.",
     '[profile e]\nrole_arn = %s\ncredential_source =\n' % arn('e'))

case('credential_source_and_empty_source_profile',
     "credential_source plus source_profile = '' is 'contains both'.",
     '[profile e]\nrole_arn = %s\ncredential_source = Environment\nsource_profile =\n' % arn('e'))

# ===========================================================================
# role chains
# ===========================================================================

case('chain_to_login',
     'A role whose source profile uses login_session.',
     role('a', 'l') + '[profile l]\nlogin_session = arn:aws:iam::%s:user/me\n' % ACCT)

case('chain_to_config_static_and_token',
     'Source profiles with config-file keys, and with credentials-file keys plus a session token.',
     role('a', 'c') + role('b', 't') + '[profile c]\naws_access_key_id = AK\naws_secret_access_key = SK\n',
     '[t]\naws_access_key_id = AK\naws_secret_access_key = SK\naws_session_token = TOK\n')

case('source_with_role_and_config_static',
     "A source profile with role_arn and config-file keys: its keys are used, its role_arn/source_profile ignored (not validated).",
     role('a', 'b') + '[profile b]\nrole_arn = %s\nsource_profile = nowhere\n'
     'aws_access_key_id = AK\naws_secret_access_key = SK\n' % arn('b'))

case('source_secret_only_with_role',
     "A source profile with role_arn and ONLY aws_secret_access_key counts as static, the static chain finds nothing: 'must have credentials'.",
     role('a', 'b') + '[profile b]\nrole_arn = %s\nsource_profile = nowhere\n' % arn('b'),
     '[b]\naws_secret_access_key = SK\n')

case('source_access_only',
     "A source profile with only aws_access_key_id (credentials file): PartialCredentialsError from the shared-credentials provider.",
     role('a', 'b'),
     '[b]\naws_access_key_id = AK\n')

case('source_static_plus_web_identity',
     'A source profile with static keys AND web identity: the profile chain runs web identity first.',
     role('a', 'b') + '[profile b]\nrole_arn = %s\nweb_identity_token_file = /t\n' % arn('b'),
     '[b]\naws_access_key_id = AK\naws_secret_access_key = SK\n')

case('source_role_plus_sso',
     'A source profile with role_arn (no static keys) and SSO keys: assume-role recursion, SSO ignored.',
     role('a', 'b') + '[profile b]\nrole_arn = %s\nsource_profile = base\n'
     'sso_account_id = 1\nsso_role_name = R\nsso_start_url = https://u.awsapps.com/start\nsso_region = us-east-1\n' % arn('b'),
     BASE)

case('source_role_plus_web_identity',
     'A source profile with role_arn + web_identity_token_file + a dangling source_profile: web identity, source_profile never checked.',
     role('a', 'b') + '[profile b]\nrole_arn = %s\nweb_identity_token_file = /t\nsource_profile = nowhere\n' % arn('b'))

case('source_only_credential_source',
     "A source profile with credential_source but no role_arn: 'must have credentials'.",
     role('a', 's') + '[profile s]\ncredential_source = Environment\n')

case('source_profile_credentials_prefix_name',
     "source_profile = 'profile x' finds the credentials section [profile x]; a quoted source_profile keeps its quotes.",
     '[profile a]\nrole_arn = %s\nsource_profile = profile x\n'
     '[profile q]\nrole_arn = %s\nsource_profile = "base"\n' % (arn('a'), arn('q')),
     BASE + '[profile x]\naws_access_key_id = AK\naws_secret_access_key = SK\n')

case('source_profile_non_profile_section',
     "source_profile naming a config section without the 'profile' prefix: does not exist.",
     '[profile a]\nrole_arn = %s\nsource_profile = base\n[base]\naws_access_key_id = AK\naws_secret_access_key = SK\n' % arn('a'))

case('mixed_chain_parameters',
     'A three-role chain, each hop with different parameters, ending at a credential_process.',
     '[profile top]\nrole_arn = %s\nsource_profile = mid\nrole_session_name = top-sess\nregion = ap-south-1\n'
     '[profile mid]\nrole_arn = %s\nsource_profile = low\nexternal_id = ext-1\nmfa_serial = arn:aws:iam::%s:mfa/me\n'
     '[profile low]\nrole_arn = %s\nsource_profile = proc\nduration_seconds = 1800\n'
     '[profile proc]\ncredential_process = /usr/bin/env creds --json\n' % (arn('top'), arn('mid'), ACCT, arn('low')))

case('unicode_role_parameters_cache_key',
     'Non-ASCII role parameters: the cache key hashes json.dumps with ensure_ascii (\\u escapes).',
     '[profile u]\nrole_arn = arn:aws:iam::%s:role/r\u00f4le\nsource_profile = base\nrole_session_name = s\u00e9ss\u00efon\nexternal_id = \u5916\u90e8\n' % ACCT,
     BASE)

case('quoted_role_arn',
     'Quotes around role_arn are kept verbatim (and hashed into the cache key).',
     '[profile q]\nrole_arn = "%s"\nsource_profile = base\n' % arn('q'),
     BASE)

# ===========================================================================
# self-reference and cycles
# ===========================================================================

case('self_ref_secret_only',
     "Self-reference with only aws_secret_access_key passes the loop check but finds no credentials: 'must have credentials'.",
     '[profile me]\nrole_arn = %s\nsource_profile = me\n' % arn('me'),
     '[me]\naws_secret_access_key = SK\n')

case('self_ref_with_process',
     'Self-reference on a credential_process profile without static keys: infinite loop.',
     '[profile me]\nrole_arn = %s\nsource_profile = me\ncredential_process = /bin/p\n' % arn('me'))

case('self_ref_in_credentials_file',
     'Self-reference with static keys, all in the credentials file.',
     '[profile other]\n',
     '[me]\nrole_arn = %s\nsource_profile = me\naws_access_key_id = AK\naws_secret_access_key = SK\n' % arn('me'))

case('self_ref_config_keys',
     'Self-reference with static keys in the config file.',
     '[profile me]\nrole_arn = %s\nsource_profile = me\naws_access_key_id = AK\naws_secret_access_key = SK\n' % arn('me'))

case('cycle_source_self_ref_no_static',
     "a -> b, b -> b without static keys: infinite loop (visited ['a', 'b']).",
     role('a', 'b') + role('b', 'b'))

case('cycle_source_self_ref_static',
     'a -> b, b -> b with static keys: b is resolved by its static keys before its own role is looked at.',
     role('a', 'b') + role('b', 'b'),
     '[b]\naws_access_key_id = AK\naws_secret_access_key = SK\n')

case('cycle_with_tail',
     't -> a -> b -> a: loop detected on a.',
     role('t', 'a') + role('a', 'b') + role('b', 'a'))

case('cycle_four',
     'a -> b -> c -> d -> a.',
     role('a', 'b') + role('b', 'c') + role('c', 'd') + role('d', 'a'))

case('cycle_back_to_top_with_config_static',
     'a (role + config keys) -> b -> a: loop, because the top profile is visited first.',
     role('a', 'b', 'aws_access_key_id = AK\naws_secret_access_key = SK\n') + role('b', 'a'))

case('cycle_to_self_deep',
     'a -> b -> c -> c (c has no keys): loop reported on c.',
     role('a', 'b') + role('b', 'c') + role('c', 'c'))

# ===========================================================================
# credential_source
# ===========================================================================

case('credential_source_spellings',
     'credential_source must be exactly Environment / EcsContainer / Ec2InstanceMetadata (case-sensitive); other provider names are invalid.',
     ''.join('[profile %s]\nrole_arn = %s\ncredential_source = %s\n' % (p, arn(p), v) for p, v in [
         ('env', 'Environment'), ('ecs', 'EcsContainer'), ('ec2', 'Ec2InstanceMetadata'),
         ('env_lower', 'environment'), ('env_upper', 'ENVIRONMENT'), ('ec2_case', 'Ec2instancemetadata'),
         ('shared_config', 'SharedConfig'), ('shared_creds', 'SharedCredentials'), ('quoted', '"Environment"'),
         ('env_var', 'Env')]))

case('credential_source_with_static_keys',
     'role_arn + credential_source + static keys: credential_source is used, the keys are ignored.',
     '[profile a]\nrole_arn = %s\ncredential_source = Ec2InstanceMetadata\naws_access_key_id = AK\naws_secret_access_key = SK\n' % arn('a'))

# ===========================================================================
# duration_seconds
# ===========================================================================

DURATIONS = [
    ('plus', '+900'), ('minus', '-5'), ('hex', '0x10'), ('underscore', '1_000'),
    ('fullwidth', '\uff19\uff10\uff10'), ('arabic_indic', '\u0669\u0660\u0660'),
    ('leading_zero_underscore', '0_9'), ('exp', '9e2'), ('float', '900.0'),
    ('zeros', '00'), ('big', '4294967296'), ('double_underscore', '1__0'),
    ('quoted', '"900"'), ('nbsp_inside', '9\u00a000'), ('superscript', '\u00b2'),
]

case('duration_seconds_forms',
     "duration_seconds goes through Python int(): '+900', '-5', '1_000', fullwidth/Arabic-Indic digits are accepted; '0x10', '9e2', '900.0', '1__0', quoted are silently dropped.",
     ''.join('[profile d_%s]\nrole_arn = %s\nsource_profile = base\nduration_seconds = %s\n' % (p, arn('d'), v)
             for p, v in DURATIONS),
     BASE)

# ===========================================================================
# SSO
# ===========================================================================

SESSION = '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n'

case('sso_session_merge_rules',
     'sso-session values merge into the profile; equal duplicates are fine; session-only keys (even sso_role_name) count.',
     '[profile ok]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n'
     '[profile same_region]\nsso_session = corp\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n'
     '[profile role_from_session]\nsso_session = withrole\nsso_account_id = 1\n'
     '[profile url_conflict]\nsso_session = corp\nsso_start_url = https://other.awsapps.com/start\nsso_account_id = 1\nsso_role_name = R\n'
     '[profile account_conflict]\nsso_session = withrole\nsso_account_id = 1\nsso_role_name = Other\n'
     + SESSION +
     '[sso-session withrole]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_role_name = FromSession\nsso_registration_scopes = sso:account:access\n')

case('sso_session_missing_keys',
     'Missing required SSO keys are listed in a fixed order (sso_role_name, sso_account_id, sso_start_url, sso_region).',
     '[profile no_region]\nsso_session = noregion\nsso_account_id = 1\nsso_role_name = R\n'
     '[profile nothing]\nsso_session = empty\nsso_role_name = R\n'
     '[profile legacy_role_only]\nsso_role_name = R\n'
     '[sso-session noregion]\nsso_start_url = https://corp.awsapps.com/start\n'
     '[sso-session empty]\n')

case('sso_trigger_only_from_profile',
     'SSO fires only on sso_role_name / sso_account_id in the PROFILE: a session holding both does not trigger it.',
     '[profile p]\nsso_session = full\n'
     '[sso-session full]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n')

case('sso_session_name_matching',
     "sso_session value lookup is exact: quoted value keeps its quotes, case matters, a quoted header name works.",
     '[profile quoted_header]\nsso_session = my corp\nsso_account_id = 1\nsso_role_name = R\n'
     '[profile quoted_value]\nsso_session = "my corp"\nsso_account_id = 1\nsso_role_name = R\n'
     '[profile case]\nsso_session = Corp\nsso_account_id = 1\nsso_role_name = R\n'
     '[sso-session "my corp"]\nsso_start_url = https://my.awsapps.com/start\nsso_region = eu-west-1\n' + SESSION)

case('sso_session_duplicate_names',
     "'[sso-session a]' and '[sso-session  a]' are two sections mapping to session a: the later wins wholesale.",
     '[profile p]\nsso_session = a\nsso_account_id = 1\nsso_role_name = R\n'
     '[sso-session a]\nsso_start_url = https://first.awsapps.com/start\nsso_region = us-east-1\n'
     '[sso-session  a]\nsso_start_url = https://second.awsapps.com/start\n')

case('sso_session_default_inheritance',
     '[DEFAULT] sso_region reaches both profile and sso-session (equal, no conflict); a session overriding it then conflicts.',
     '[DEFAULT]\nsso_region = eu-central-1\n'
     '[profile p]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n'
     '[profile q]\nsso_session = other\nsso_account_id = 1\nsso_role_name = R\n'
     '[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n'
     '[sso-session other]\nsso_start_url = https://other.awsapps.com/start\nsso_region = us-west-2\n')

case('sso_session_in_credentials_file',
     "'[sso-session x]' in the credentials file is just a profile named 'sso-session x'; sessions come from config only.",
     '[profile p]\nsso_session = x\nsso_account_id = 1\nsso_role_name = R\n',
     '[sso-session x]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n')

case('sso_keys_in_credentials_file',
     'Legacy SSO keys split between credentials and config work (merged view).',
     '[profile s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n',
     '[s]\nsso_account_id = 1\nsso_role_name = R\n')

# ===========================================================================
# credential_process
# ===========================================================================

PROCS = [
    ('escaped_space', r'/opt/my\ tool --x'),
    ('single_quote_escape', "/bin/echo 'it'\\''s'"),
    ('escaped_dquote', r'/bin/echo "a\"b" "c\\d" "e\f"'),
    ('hash_not_comment', '/bin/creds #notacomment --a#b'),
    ('windows_path', r'C:\Program Files\creds.exe --profile x'),
    ('windows_quoted', r'"C:\Program Files\creds.exe" --x'),
    ('unicode', '/bin/cr\u00e9ds "\u00fc x" \u3042'),
    ('tabs_and_runs', '/bin/creds\t--a   --b\t\t--c'),
    ('adjacent_quotes', '/bin/x a"b c"d \'e f\'g'),
    ('empty_args', '/bin/x "" \'\''),
    ('nbsp_not_separator', '/bin/x a\u00a0b'),
    ('trailing_backslash', '/bin/x a\\'),
    ('unbalanced_single', "/bin/x 'oops"),
]

case('default_credentials_role_for_every_section',
     'A credentials-file [DEFAULT] with role_arn + source_profile applies to every credentials section, the source included.',
     '[profile cfg_only]\nregion = r\n',
     '[DEFAULT]\nrole_arn = %s\nsource_profile = base\n' % arn('all') + BASE + '[dev]\n')

case('web_identity_ignores_role_options',
     'Web identity ignores duration_seconds / external_id / mfa_serial (not in the hop, not in the cache key); role_session_name is used.',
     '[profile w]\nrole_arn = %s\nweb_identity_token_file = /t\nduration_seconds = 900\nexternal_id = x\nmfa_serial = m\n'
     '[profile w_named]\nrole_arn = %s\nweb_identity_token_file = /t\nrole_session_name = s\n' % (arn('w'), arn('w')))

case('web_identity_empty_values',
     "Web identity: role_session_name = '' (generated name, kept out of the cache key); role_arn = '' is 'no role ARN' (falsy).",
     '[profile ws]\nrole_arn = %s\nweb_identity_token_file = /t\nrole_session_name =\n'
     '[profile wr]\nrole_arn =\nweb_identity_token_file = /t\n' % arn('ws'))

case('credential_process_splitting',
     'credential_process argv via shlex.split (POSIX, no comments): escapes, quotes, Windows paths lose backslashes, trailing backslash / open quote raise ValueError.',
     ''.join('[profile %s]\ncredential_process = %s\n' % (p, v) for p, v in PROCS))

case('credential_process_multiline',
     'A credential_process continued on an indented line contains a newline, which shlex treats as whitespace.',
     '[profile m]\ncredential_process = /bin/creds\n  --second-line arg\n')

# ===========================================================================
# deep chain
# ===========================================================================

DEPTH = 64
case('deep_chain_%d' % DEPTH,
     'A chain of %d assume-role hops ending at static keys (botocore recursion is fine at this depth).' % DEPTH,
     ''.join('[profile p%d]\nrole_arn = %s\nsource_profile = p%d\n' % (i, arn('r%d' % i), i + 1) for i in range(DEPTH))
     + '[profile p%d]\naws_access_key_id = AK\naws_secret_access_key = SK\n' % DEPTH)

case('region_as_nested_block',
     'A region written as an indented block: botocore passes the dict on as the region (found by differential fuzzing).',
     '[profile r]\nregion =\n  external_id =\nrole_arn = %s\nsource_profile = k\n\n'
     '[profile k]\naws_access_key_id = AKIA_K\naws_secret_access_key = SECRET_K\n' % arn('r'))

# ===========================================================================
# issue 26: the engine fails where the CLI fails
# ===========================================================================

BLOCK = '=\n  a = b\n'

case('empty_credential_process_forms',
     "An empty credential_process (also whitespace only, or followed by blank lines, or from [DEFAULT]) splits to argv []: "
     "Popen([]) raises IndexError before starting anything, on the profile and every role sourced from it.",
     '[DEFAULT]\ncredential_process =\n'
     '[profile ws]\ncredential_process =  \t \n'
     '[profile blank_lines]\ncredential_process =\n\n\n'
     '[profile inherits]\nregion = eu-west-1\n'
     '[profile own]\ncredential_process = /bin/creds\n'
     '[profile quoted_empty_word]\ncredential_process = \'\'\n'
     '[profile r1]\nrole_arn = %s\nsource_profile = r2\n'
     '[profile r2]\nrole_arn = %s\nsource_profile = ws\n' % (arn('r1'), arn('r2')))

case('empty_credential_process_provider_order',
     "An empty credential_process fails only where botocore's provider order reaches the process provider: "
     "web identity, SSO, credentials-file keys and login come first; config-file keys come after it.",
     '[profile with_cred_keys]\ncredential_process =\n'
     '[profile with_cfg_keys]\ncredential_process =\naws_access_key_id = AK\naws_secret_access_key = SK\n'
     '[profile with_login]\ncredential_process =\nlogin_session = L\n'
     '[profile with_sso]\ncredential_process =\nsso_account_id = 1\nsso_role_name = R\nsso_start_url = https://u.awsapps.com/start\nsso_region = us-east-1\n'
     '[profile with_web_identity]\ncredential_process =\nrole_arn = %s\nweb_identity_token_file = /t\n'
     '[profile with_role]\ncredential_process =\nrole_arn = %s\nsource_profile = base\n'
     '[profile self_ref]\ncredential_process =\nrole_arn = %s\nsource_profile = self_ref\n'
     '[profile via_cred_keys]\nrole_arn = %s\nsource_profile = with_cred_keys\n'
     '[profile via_cfg_keys]\nrole_arn = %s\nsource_profile = with_cfg_keys\n'
     % (arn('wi'), arn('with_role'), arn('self_ref'), arn('v1'), arn('v2')),
     BASE + '[with_cred_keys]\naws_access_key_id = AK\naws_secret_access_key = SK\n'
     '[self_ref]\naws_access_key_id = AK\naws_secret_access_key = SK\n')

case('nested_source_profile',
     "source_profile written as an indented block is a dict: botocore's lookup in the profiles dict raises TypeError (unhashable), "
     "before the cycle check, for the profile and every role sourced from it.",
     '[profile n]\nrole_arn = %s\nsource_profile %s'
     '[profile top]\nrole_arn = %s\nsource_profile = n\n'
     '[profile with_keys]\nrole_arn = %s\nsource_profile %saws_access_key_id = AK\naws_secret_access_key = SK\n'
     '[profile via_with_keys]\nrole_arn = %s\nsource_profile = with_keys\n'
     % (arn('n'), BLOCK, arn('top'), arn('wk'), BLOCK, arn('v')),
     BASE)

case('nested_duration_seconds',
     "duration_seconds written as an indented block: int(dict) raises TypeError in _get_role_config before the source is validated "
     "(only ValueError is caught); a source profile with keys never has its role read.",
     '[profile d]\nrole_arn = %s\nsource_profile = base\nduration_seconds %s'
     '[profile both]\nrole_arn = %s\nsource_profile = base\ncredential_source = Environment\nduration_seconds %s'
     '[profile neither]\nrole_arn = %s\nduration_seconds %s'
     '[profile cs]\nrole_arn = %s\ncredential_source = Ec2InstanceMetadata\nduration_seconds %s'
     '[profile top]\nrole_arn = %s\nsource_profile = d\nduration_seconds = 900\n'
     '[profile keys]\nrole_arn = %s\nsource_profile = nowhere\nduration_seconds %saws_access_key_id = AK\naws_secret_access_key = SK\n'
     '[profile via_keys]\nrole_arn = %s\nsource_profile = keys\n'
     '[profile no_role]\nduration_seconds %saws_access_key_id = AK\naws_secret_access_key = SK\n'
     % (arn('d'), BLOCK, arn('both'), BLOCK, arn('neither'), BLOCK, arn('cs'), BLOCK, arn('top'), arn('keys'), BLOCK, arn('vk'), BLOCK),
     BASE)

case('nested_duration_seconds_default',
     "duration_seconds as an indented block under [DEFAULT] reaches every role of the file (TypeError) and no profile without one.",
     '[DEFAULT]\nduration_seconds %s'
     '[profile r]\nrole_arn = %s\nsource_profile = k\n'
     '[profile k]\naws_access_key_id = AK\naws_secret_access_key = SK\n'
     '[profile web]\nrole_arn = %s\nweb_identity_token_file = /t\n' % (BLOCK, arn('r'), arn('web')))

case('nested_sso_session',
     "sso_session written as an indented block: looking the dict up among the sso-sessions raises TypeError, "
     "but only for a profile the SSO provider fires on (sso_account_id / sso_role_name).",
     '[profile s]\nsso_session %ssso_account_id = 1\nsso_role_name = R\n'
     '[profile not_sso]\nsso_session %saws_access_key_id = AK\naws_secret_access_key = SK\n'
     '[profile r]\nrole_arn = %s\nsource_profile = s\n'
     '[sso-session a]\nsso_start_url = https://a.awsapps.com/start\nsso_region = us-east-1\n' % (BLOCK, BLOCK, arn('r')))

case('nested_credential_process',
     "credential_process written as an indented block: shlex.split reads the dict as a stream (AttributeError), "
     "where the process provider is reached; keys in the credentials file come first.",
     '[profile p]\ncredential_process %s'
     '[profile p_keys]\ncredential_process %s'
     '[profile r]\nrole_arn = %s\nsource_profile = p\n'
     '[profile r_keys]\nrole_arn = %s\nsource_profile = p_keys\n' % (BLOCK, BLOCK, arn('r'), arn('rk')),
     '[p_keys]\naws_access_key_id = AK\naws_secret_access_key = SK\n'
     '[c]\ncredential_process %s' % BLOCK)

case('nested_values_passed_on',
     "Indented blocks botocore passes on without reading them as text: role_arn, external_id, mfa_serial, role_session_name "
     "(hashed into the cache key), web identity settings, SSO values, static keys; credential_source is just not a valid name.",
     '[profile r]\nrole_arn %ssource_profile = base\nexternal_id %smfa_serial %srole_session_name %s'
     '[profile w]\nrole_arn %sweb_identity_token_file %srole_session_name %s'
     '[profile s]\nsso_account_id %ssso_role_name %ssso_start_url %ssso_region %s'
     '[profile k]\naws_access_key_id %saws_secret_access_key %saws_session_token %s'
     '[profile c]\nrole_arn = %s\ncredential_source %s'
     % ((BLOCK,) * 14 + (arn('c'), BLOCK)),
     BASE)


# Python reads the file through its text layer, which decodes 8192 bytes at a
# time and hands the lines of each chunk to configparser before it decodes the
# next one: an error configparser raises at once on an earlier line wins over
# invalid UTF-8 in a later chunk.

CHUNK = 8192


def padded(head, size, tail, eol=b'\n'):
    """head, then comment lines up to exactly size bytes, then tail (bytes)."""
    out = head.encode('utf-8') if isinstance(head, str) else head
    while len(out) < size:
        room = size - len(out) - len(eol)
        out += b'#' + b'x' * max(min(room, 59) - 1, 0) + eol
    assert len(out) == size, (len(out), size)
    return out + tail


case('large_file_duplicate_before_invalid_utf8',
     'A duplicate key in the first 8 KiB chunk and an invalid byte at the start of the second: the duplicate is reported.',
     padded('[default]\nregion = a\nregion = b\n', CHUNK, b'\xff\n'))

case('large_file_invalid_utf8_in_same_chunk',
     'The same duplicate with the invalid byte one byte earlier, at the end of the first chunk: invalid UTF-8 is reported.',
     padded('[default]\nregion = a\nregion = b\n', CHUNK - 1, b'\xff\n'))

case('large_file_duplicate_section_invalid_far_down',
     'A duplicate section near the top, invalid UTF-8 in the third chunk: the duplicate section is reported.',
     padded('[profile a]\nregion = a\n[profile b]\n[profile a]\n', 2 * CHUNK + 500, b'k = \xc0\n'))

case('large_file_duplicate_in_failing_chunk',
     'A duplicate in the same chunk as the invalid byte (the second): that chunk is never parsed, invalid UTF-8 is reported.',
     padded('[default]\nregion = a\n', CHUNK + 100, b'region = b\n\xff\n'))

case('large_file_char_split_at_boundary_then_invalid',
     'A lead byte ends the first chunk and its continuation is missing at the start of the second: the second chunk fails, the duplicate in the first wins.',
     padded('[default]\nregion = a\nregion = b\n', CHUNK - 2, b'#\xe2A\n'))

case('large_file_valid_char_split_at_boundary',
     'A valid three-byte character split across the chunk boundary decodes fine; the duplicate is the only error.',
     padded('[default]\nregion = a\nregion = b\n', CHUNK - 2, '#\u20ac\n'.encode('utf-8')))

case('large_file_overlong_at_boundary',
     "E0 80 at the end of the first chunk can start no character: the first chunk fails, invalid UTF-8 is reported before the duplicate.",
     padded('[default]\nregion = a\nregion = b\n', CHUNK - 2, b'\xe0\x80\x80\n'))

case('large_file_surrogate_start_at_boundary',
     "ED A0 (a UTF-8 surrogate's start) as the first chunk's last two bytes: CPython's decoder keeps it for the next chunk, so the duplicate in the first chunk wins.",
     padded('[default]\nregion = a\nregion = b\n', CHUNK - 2, b'\xed\xa0\x80\n'))

case('large_file_surrogate_inside_chunk',
     'ED A0 80 inside the first chunk fails there: invalid UTF-8 is reported before the duplicate.',
     padded('[default]\nregion = a\nregion = b\n', CHUNK - 3, b'\xed\xa0\x80\n'))

case('large_file_cr_at_boundary',
     "Lone-CR line ends: the duplicate key's line ends with the first chunk's last byte, a \\r that waits for the next chunk (it could be \\r\\n), which fails: invalid UTF-8 is reported.",
     padded(b'[default]\rregion = a\r', CHUNK - len(b'region = b\r'), b'region = b\r\xff\r', eol=b'\r'))

case('large_file_crlf_duplicate_then_invalid',
     'CRLF line ends, a duplicate section in the first chunk, an invalid byte in the second: the duplicate section is reported.',
     padded(b'[a]\r\n[a]\r\n', CHUNK + 10, b'\xff\r\n', eol=b'\r\n'))

case('large_file_bom_then_invalid',
     'A BOM (text before the first header, line 1) in a file whose invalid byte is in the second chunk: no_section_header is reported.',
     padded(b'\xef\xbb\xbf[default]\n', CHUNK + 1, b'\xff\n'))

case('large_file_invalid_line_then_invalid_utf8',
     'A line without a delimiter is only collected (raised at the end of the file), so invalid UTF-8 in a later chunk is reported.',
     padded('[default]\nnot a key line\n', CHUNK, b'\xff\n'))

case('large_credentials_duplicate_before_invalid_utf8',
     'The same rule in the credentials file: its duplicate key before the chunk holding invalid UTF-8 is reported, for credentials.',
     '[default]\nregion = r\n',
     padded('[default]\naws_access_key_id = A\naws_access_key_id = B\n', CHUNK + 4000, b'x = \xff\n'))

case('truncated_utf8_at_end_after_duplicate',
     'Even in a small file, a character cut short at the very end fails only once every line before it is read: the duplicate is reported.',
     b'[default]\nregion = a\nregion = b\nx = \xe2\x82')


# Building a profile's credential resolver (create_credential_resolver) reads
# its own instance metadata settings before any provider runs.

case('imds_settings_indented_blocks',
     "Instance metadata settings written as indented blocks: int(dict) for the timeout and attempts (TypeError), dict.lower() for the mode "
     "(AttributeError), the endpoint URL checked through urlsplit's cache (TypeError, unhashable); the profile fails whatever its credentials, its dependants do not.",
     '[profile t]\nmetadata_service_timeout %saws_access_key_id = AK\naws_secret_access_key = SK\n'
     '[profile a]\nmetadata_service_num_attempts %s'
     '[profile m]\nec2_metadata_service_endpoint_mode %s'
     '[profile e]\nec2_metadata_service_endpoint %scredential_process = /bin/creds\n'
     '[profile r]\nrole_arn = %s\nsource_profile = t\n' % (BLOCK, BLOCK, BLOCK, BLOCK, arn('r')))

case('imds_settings_counts',
     "metadata_service_timeout / metadata_service_num_attempts go through int(): '1h', '1.5' and '' raise ValueError, ' 2 ', '-1', '1_0' and fullwidth digits do not; the timeout is read first.",
     ''.join('[profile t_%s]\nmetadata_service_timeout = %s\n' % (p, v) for p, v in
             [('hours', '1h'), ('float', '1.5'), ('empty', ''), ('spaces', ' 2 '), ('negative', '-1'), ('underscore', '1_0'), ('fullwidth', '\uff13')])
     + '[profile n_bad]\nmetadata_service_num_attempts = three\n'
     '[profile both_bad]\nmetadata_service_num_attempts = three\nmetadata_service_timeout =\n  a = b\n',
     '[t_hours]\naws_access_key_id = AK\naws_secret_access_key = SK\n')

case('imds_settings_endpoint_mode',
     "ec2_metadata_service_endpoint_mode is lower-cased and must be ipv4 or ipv6 (InvalidIMDSEndpointModeError otherwise, even empty); it is checked before the endpoint.",
     ''.join('[profile m_%s]\nec2_metadata_service_endpoint_mode = %s\n' % (p, v) for p, v in
             [('v4', 'ipv4'), ('v6_upper', 'IPV6'), ('v5', 'ipv5'), ('empty', ''), ('dotted_i', '\u0130pv4')])
     + '[profile mode_then_endpoint]\nec2_metadata_service_endpoint_mode = x\nec2_metadata_service_endpoint = foo\n')

case('imds_settings_endpoint',
     "ec2_metadata_service_endpoint must pass botocore's is_valid_uri (a URL with a DNS host name or a bracketed IPv6 address): "
     "InvalidIMDSEndpointError otherwise; urlsplit's own ValueErrors (unclosed or IPv4 brackets, NFKC delimiters) come through; empty means the default endpoint.",
     ''.join('[profile e_%s]\nec2_metadata_service_endpoint = %s\n' % (p, v) for p, v in
             [('ok', 'http://169.254.169.254'), ('ipv6', 'http://[fd00:ec2::254]'), ('zone', 'http://[fe80::1%25eth0]:80/'),
              ('empty', ''), ('no_scheme', 'localhost:80'), ('underscore', 'http://ex_ample.com'), ('space', 'http://a b'),
              ('non_ascii', 'http://\u00e9.com'), ('dotless_i', 'http://\u0131.com'), ('unclosed', 'http://[::1'),
              ('ipv4_brackets', 'http://[1.2.3.4]/'), ('nfkc', 'http://a\u2100b/'), ('multi_line', 'http://a\n  b')])
     + '[DEFAULT]\nregion = eu-west-1\n')

case('imds_settings_default_and_credentials_file',
     "The settings are the profile's own merged values: inherited from [DEFAULT] or written in the credentials file; the profile named '' is read with its own settings (and default's credentials).",
     '[DEFAULT]\nmetadata_service_num_attempts = x\n[profile inherits]\n'
     "[profile '']\nmetadata_service_timeout = 1\nmetadata_service_num_attempts = 2\n[default]\nmetadata_service_num_attempts = 1\naws_access_key_id = AK\naws_secret_access_key = SK\n",
     '[cred]\nmetadata_service_timeout = soon\naws_access_key_id = AK\naws_secret_access_key = SK\n')


# ===========================================================================

def write_bytes(path, data):
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(path, 'wb') as f:
        f.write(data)


def main(argv):
    only = None
    if len(argv) >= 3 and argv[1] == '--only':
        only = argv[2]
    names = [c[0] for c in CASES]
    assert len(names) == len(set(names)), 'duplicate case names'
    width = max(2, len(str(len([c for c in CASES if not c[4]]))))
    if only is None and os.path.isdir(OUT):
        for entry in os.listdir(OUT):
            shutil.rmtree(os.path.join(OUT, entry))
    os.makedirs(OUT, exist_ok=True)
    written, skipped, number = 0, [], 0
    for name, desc, config, creds, crash in CASES:
        if not crash:
            number += 1
        folder = ('%0*d_%s' % (width, number, name)) if not crash else ('skipped_' + name)
        if only is not None and only not in folder:
            continue
        path = os.path.join(OUT, folder)
        if os.path.isdir(path):
            shutil.rmtree(path)
        os.makedirs(path)
        write_bytes(os.path.join(path, 'config'), config)
        if creds is not None:
            write_bytes(os.path.join(path, 'credentials'), creds)
        write_bytes(os.path.join(path, 'description.txt'), desc + '\n')
        proc = subprocess.run([sys.executable, ORACLE, path], capture_output=True)
        if crash or proc.returncode != 0:
            err = proc.stderr.decode('utf-8', 'replace').strip()
            if crash and proc.returncode == 0:
                err = 'expected a crash, but botocore gave a defined outcome'
            skipped.append((folder, err))
            shutil.rmtree(path)
            continue
        result = json.loads(proc.stdout.decode('utf-8'))
        write_bytes(os.path.join(path, 'expected.json'),
                    json.dumps(result, sort_keys=True, indent=2, ensure_ascii=False) + '\n')
        written += 1
    print('wrote %d cases to %s' % (written, OUT))
    for folder, err in skipped:
        print('SKIPPED %s: %s' % (folder, err.splitlines()[-1] if err else '?'))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
