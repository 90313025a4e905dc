#!/usr/bin/perl
# Slow clients (slowloris) from one address: holds COUNT connections from
# FROM to HOST:PORT, each sending a request head one header line a second,
# never finishing it; a connection the server closes is opened again at
# once. Runs until killed; on SIGTERM prints how many connections it opened
# and how many the server closed at once (within 3 s) or at their deadline.
#
#   bench/load/slow_clients.pl 127.0.0.2 127.0.0.1 8080 64 &
use strict;
use warnings;
use IO::Socket::INET;
use IO::Select;
use Socket qw(MSG_NOSIGNAL);
use Time::HiRes qw(time sleep);

my ($from, $host, $port, $count) = @ARGV;
die "usage: slow_clients.pl FROM HOST PORT COUNT\n" unless $count;
my ($opened, $closed_at_once, $dropped_later) = (0, 0, 0);  # at once: within 3 s
my @slow;  # [socket, opened at]

sub open_one {
  my $socket = IO::Socket::INET->new(
    PeerAddr => $host, PeerPort => $port, LocalAddr => $from, Proto => 'tcp', Timeout => 2);
  return undef unless $socket;
  ++$opened;
  send($socket, "POST /api/v1/status HTTP/1.1\r\nHost: $host\r\n", MSG_NOSIGNAL);
  return [$socket, time];
}

my $stop = 0;
$SIG{TERM} = $SIG{INT} = sub { $stop = 1 };
push @slow, open_one() for 1 .. $count;
until ($stop) {
  for my $i (0 .. $#slow) {
    my $slot = $slow[$i];
    my $alive = 0;
    if ($slot) {
      my ($socket, $since) = @$slot;
      my $ready = IO::Select->new($socket)->can_read(0);
      my $buffer;
      $alive = !$ready || sysread($socket, $buffer, 1024);
      $alive &&= defined send($socket, "X-Slow: 1\r\n", MSG_NOSIGNAL);
      unless ($alive) {
        if (time - $since < 3) { ++$closed_at_once } else { ++$dropped_later }
        close $socket;
      }
    }
    $slow[$i] = open_one() unless $alive;
  }
  sleep 1;
}
print "opened $opened, closed by the server at once $closed_at_once, "
    . "dropped at their deadline $dropped_later\n";
