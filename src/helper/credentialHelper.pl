# AWS Profiles: the quick start of the terminals' credential_process (issue 28).
#
# Run as  perl credential-helper.pl NODE-HELPER... VIA PROFILE  where NODE-HELPER... is the command that
# runs credential-helper.js (credentialHelper.ts) and VIA PROFILE are its two arguments. The AWS CLI
# and SDKs start this program for every call; Perl starts in a few milliseconds where Node needs tens.
#
# It does only the common case: one GET over the window's socket, and a 200 answer printed as it came.
# Everything else goes to the Node helper, which words every message: before a request was sent (no
# endpoint variable, the window reloading or gone) it runs in this program's place and does it all;
# after one (an answer that is not 200, no answer in time, a broken connection) it is run with what came
# back in AWS_PROFILES_HELPER_ANSWER and AWS_PROFILES_HELPER_BODY, so that nothing is asked twice (no
# second MFA prompt). The request is the one helperRequestPath() makes (a unit test compares them).
use strict;
use warnings;
use Socket qw(PF_UNIX SOCK_STREAM pack_sockaddr_un);

# How long an answer may take: as the Node helper (a refresh may wait for an MFA code typed in VS Code).
my $ANSWER_TIMEOUT_SECONDS = 300;

if (@ARGV < 3) {
  print STDERR "AWS Profiles: usage: credential-helper.pl NODE-HELPER... VIA PROFILE (this program is run by the AWS CLI and SDKs as a credential_process).\n";
  exit 1;
}
my @node_helper = @ARGV;
my ($via, $profile) = @ARGV[-2, -1];

sub run_node_helper {
  alarm 0;
  exec { $node_helper[0] } @node_helper or die "AWS Profiles: $node_helper[0] could not be run: $!\n";
}

sub hand_over {
  my ($answer, $body) = @_;
  $ENV{AWS_PROFILES_HELPER_ANSWER} = $answer;
  $ENV{AWS_PROFILES_HELPER_BODY} = $body;
  run_node_helper();
}

sub query_value {
  my ($value) = @_;
  $value =~ s/([^A-Za-z0-9._~-])/sprintf('%%%02X', ord $1)/ge;
  return $value;
}

my $endpoint = $ENV{AWS_PROFILES_ENDPOINT};
run_node_helper() unless defined $endpoint && $endpoint ne '';
my $path = '/v1/credentials?profile=' . query_value($profile) . '&via=' . query_value($via);
my $terminal = $ENV{AWS_PROFILES_TERMINAL};
$path .= '&terminal=' . query_value($terminal) if defined $terminal && $terminal ne '';

socket(my $socket, PF_UNIX, SOCK_STREAM, 0) or run_node_helper();
connect($socket, pack_sockaddr_un($endpoint)) or run_node_helper();

local $SIG{ALRM} = sub { hand_over('timeout', '') };
local $SIG{PIPE} = 'IGNORE';
alarm $ANSWER_TIMEOUT_SECONDS;
my $request = "GET $path HTTP/1.1\r\nHost: aws-profiles\r\nConnection: close\r\n\r\n";
while (length $request) {
  my $written = syswrite($socket, $request);
  hand_over('broken', "$!") unless defined $written;
  substr($request, 0, $written) = '';
}
my $response = '';
for (;;) {
  my $read = sysread($socket, my $chunk, 65536);
  hand_over('broken', "$!") unless defined $read;
  last if $read == 0;
  $response .= $chunk;
}
alarm 0;
close $socket;

my $head_end = index($response, "\r\n\r\n");
hand_over('broken', 'not HTTP') if $head_end < 0;
my $head = substr($response, 0, $head_end);
my ($status) = $head =~ m{\AHTTP/1\.[01] (\d{3})};
hand_over('broken', 'not HTTP') unless defined $status;
my ($length) = $head =~ m{\r\ncontent-length:[ \t]*(\d+)}i;
my $body = defined $length ? substr($response, $head_end + 4, $length) : substr($response, $head_end + 4);
hand_over($status, $body) unless $status eq '200';
binmode STDOUT;
print STDOUT $body;
exit 0;
