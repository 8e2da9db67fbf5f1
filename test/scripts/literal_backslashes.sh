#!/usr/bin/env bash
# Every string literal of the extension reads the same whatever
# standard_conforming_strings is (doc/deployment.md): a DBA may still have it
# off in postgresql.conf or by ALTER DATABASE ... SET, and a plain '...'
# literal with a backslash is then read with backslash escapes.  Until
# 2026-12-06 CREATE EXTENSION service_affair and ALTER EXTENSION ... UPDATE
# failed there (22021: '\x00'::bytea read as a NUL byte; PostgreSQL parses a
# whole script before it runs any of it), and function bodies, parsed at run
# time with the calling session's setting, read create_plan()'s
# '\xe3b0...'::bytea, regular expressions such as ' WITH \([^()]*\)' and a
# LIKE 'nh\_%' otherwise.  A literal with a backslash is written E'...' with
# the backslashes doubled, or without one ('[(]', decode('...', 'hex')).
#
# Read from the sources, with the tokens of PostgreSQL's scanner: comments,
# "quoted identifiers", E'...' strings, $tag$...$tag$ strings and the
# \echo ... \quit line of a script are told apart from plain literals; the
# text of a dollar-quoted string (a PL/pgSQL or SQL function's body, a DO
# block, a format() template) and of an E'...' string (dynamic SQL) is read
# again as SQL, so a literal in a body counts too (such text that does not
# scan as SQL, a comment's prose, is left as it is).  In C (src/, tools/),
# each run of adjacent string constants is decoded and read as SQL the same
# way.  Checked:
#   - the parts of the install script (sql/parts), the files of the update
#     from 0.1.0 (sql/upgrade/0.1.0--0.2.0, the released 0.1.0 script
#     itself excepted), the companion extensions' scripts
#     (sql/service_affair_{shard,router,province}--*.sql), src/*.c, src/*.h
#     and tools/*.c: no plain literal holds a backslash (each one found is
#     named with its file and line);
#   - the scanner itself, on a sample of each form it must tell apart.
# Needs no server.  Prints TAP.
set -uo pipefail
source "$(dirname "$0")/lib/tap.sh"
top=${SA_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sa_backslash.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# scan MODE FILE...: one line "file:line: literal" per plain literal with a
# backslash (MODE sql or c)
cat >"$WORK/scan.pl" <<'PERL'
use strict; use warnings;
my $mode = shift @ARGV;
my @found;
# sql($text, $file, $line, $nested): scans $text as SQL; returns undef when
# it ends inside a literal, a quoted identifier or a comment (text that is
# not SQL), else the list of finds.  A line feed of a C string is read as
# "\x02" (it ends a comment, the lines counted are the source's).
sub sql {
    my ($t, $file, $line0, $nested) = @_;
    my @mine;
    my $n = length $t;
    my $i = 0;
    my $line = $line0;
    my $bol = 1;
    while ($i < $n) {
        my $c = substr($t, $i, 1);
        if ($c eq "\n") { $line++; $i++; $bol = 1; next; }
        if ($c =~ /[ \t\r\x02]/) { $bol = 1 if $c eq "\x02"; $i++; next; }
        my $was_bol = $bol; $bol = 0;
        # psql meta-command line of a script (\echo ... \quit), which
        # CREATE EXTENSION removes before it parses the script
        if (!$nested && $was_bol && $c eq "\\") {
            $i = eol($t, $i); next;
        }
        if (substr($t, $i, 2) eq "--") {
            $i = eol($t, $i); next;
        }
        if (substr($t, $i, 2) eq "/*") {
            my $depth = 0;
            while ($i < $n) {
                if (substr($t, $i, 2) eq "/*") { $depth++; $i += 2; next; }
                if (substr($t, $i, 2) eq "*/") { $depth--; $i += 2; last if $depth == 0; next; }
                $line++ if substr($t, $i, 1) eq "\n";
                $i++;
            }
            return undef if $depth > 0;
            next;
        }
        if ($c eq q{"}) {
            my $e = $i + 1;
            while (1) {
                $e = index($t, q{"}, $e);
                return undef if $e < 0;
                if (substr($t, $e + 1, 1) eq q{"}) { $e += 2; next; }
                last;
            }
            $line += () = substr($t, $i, $e + 1 - $i) =~ /\n/g;
            $i = $e + 1; next;
        }
        if ($c eq q{$}) {
            # a dollar quote, not a parameter ($1) nor part of a word
            my $prev = $i > 0 ? substr($t, $i - 1, 1) : "";
            if ($prev !~ /[A-Za-z0-9_\$]/ && substr($t, $i) =~ /\A(\$(?:[A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*)?\$)/) {
                my $tag = $1;
                my $s = $i + length $tag;
                my $e = index($t, $tag, $s);
                return undef if $e < 0;
                my $body = substr($t, $s, $e - $s);
                my $r = sql($body, $file, $line, 1);
                push @mine, @$r if $r;
                $line += () = $body =~ /\n/g;
                $i = $e + length $tag; next;
            }
            $i++; next;
        }
        if ($c =~ /[A-Za-z_\x80-\xff]/) {
            substr($t, $i) =~ /\A([A-Za-z0-9_\$\x80-\xff]+)/;
            my $w = $1;
            if (($w eq "E" || $w eq "e") && substr($t, $i + 1, 1) eq q{'}) {
                # E-string: backslash escapes and doubled quotes
                my $e = $i + 2; my $val = "";
                while (1) {
                    return undef if $e >= $n;
                    my $d = substr($t, $e, 1);
                    if ($d eq "\\") {
                        my $x = substr($t, $e + 1, 1);
                        $val .= $x eq "n" ? "\x02" : $x eq "t" ? "\t" : $x eq "r" ? "\r" : $x eq "\\" ? "\\" : $x eq q{'} ? q{'} : "\\" . $x;
                        $e += 2; next;
                    }
                    if ($d eq q{'}) {
                        if (substr($t, $e + 1, 1) eq q{'}) { $val .= q{'}; $e += 2; next; }
                        last;
                    }
                    $val .= $d; $e++;
                }
                my $r = sql($val, $file, $line, 1);
                push @mine, @$r if $r;
                $line += () = substr($t, $i, $e + 1 - $i) =~ /\n/g;
                $i = $e + 1; next;
            }
            $i += length $w; next;
        }
        if ($c eq q{'}) {
            my $e = $i + 1;
            while (1) {
                $e = index($t, q{'}, $e);
                return undef if $e < 0;
                if (substr($t, $e + 1, 1) eq q{'}) { $e += 2; next; }
                last;
            }
            my $lit = substr($t, $i, $e + 1 - $i);
            if (index($lit, "\\") >= 0) {
                (my $show = $lit) =~ s/[\s\x02]+/ /g;
                $show = substr($show, 0, 70) . "..." if length $show > 73;
                push @mine, "$file:$line: $show";
            }
            $line += () = $lit =~ /\n/g;
            $i = $e + 1; next;
        }
        $i++;
    }
    return \@mine;
}
# the end of the line at $i (a line feed, or "\x02")
sub eol {
    my ($t, $i) = @_;
    pos($t) = $i;
    return $t =~ /[\n\x02]/g ? pos($t) - 1 : length $t;
}
# the runs of adjacent C string constants (comments and macro names between
# them), decoded
sub c_strings {
    my ($t) = @_;
    my @runs;
    my ($cur, $curline, $line, $i, $n, $last_end) = (undef, 0, 1, 0, length $t, -1);
    while ($i < $n) {
        my $c = substr($t, $i, 1);
        if ($c eq "\n") { $line++; $i++; next; }
        if (substr($t, $i, 2) eq "//") { my $e = index($t, "\n", $i); $e = $n if $e < 0; $i = $e; next; }
        if (substr($t, $i, 2) eq "/*") {
            my $e = index($t, "*/", $i + 2); $e = $n - 2 if $e < 0;
            $line += () = substr($t, $i, $e + 2 - $i) =~ /\n/g; $i = $e + 2; next;
        }
        if ($c eq q{'}) {	# a character constant
            $i++; $i++ if substr($t, $i, 1) eq "\\"; $i++;
            $i = index($t, q{'}, $i) + 1; next;
        }
        if ($c eq q{"}) {
            my $e = $i + 1; my $val = "";
            while ($e < $n) {
                my $d = substr($t, $e, 1);
                if ($d eq "\\") {
                    my $x = substr($t, $e + 1, 1);
                    $val .= $x eq "n" ? "\x02" : $x eq "t" ? "\t" : $x eq "r" ? "\r" : $x eq "0" ? "\0" : $x eq "\n" ? "" : $x;
                    $e += 2; next;
                }
                last if $d eq q{"};
                $val .= $d; $e++;
            }
            my $gap = $last_end >= 0 ? substr($t, $last_end, $i - $last_end) : "";
            if (defined $cur && $gap =~ /\A(?:\s|\/\*.*?\*\/|\/\/[^\n]*|[A-Z][A-Z0-9_]*)*\z/s) {
                $cur .= ("\n" x (() = $gap =~ /\n/g)) . $val;
            } else {
                push @runs, [$cur, $curline] if defined $cur;
                ($cur, $curline) = ($val, $line);
            }
            $line += () = substr($t, $i, $e + 1 - $i) =~ /\n/g;
            $i = $e + 1; $last_end = $i; next;
        }
        $i++;
    }
    push @runs, [$cur, $curline] if defined $cur;
    return @runs;
}
for my $file (@ARGV) {
    open my $fh, "<", $file or die "$file: $!";
    local $/; my $t = <$fh>; close $fh;
    if ($mode eq "sql") {
        my $r = sql($t, $file, 1, 0);
        push @found, $r ? @$r : "$file: does not scan as SQL to its end";
    } else {
        for my $run (c_strings($t)) { my $r = sql($run->[0], $file, $run->[1], 1); push @found, @$r if $r; }
    }
}
print "$_\n" for @found;
PERL
scan() { perl "$WORK/scan.pl" "$@" || echo "the scanner failed"; }

echo "1..6"

# the scanner, on one sample of each form (each found line is named)
cat >"$WORK/sample.sql" <<'SQL'
\echo Use "CREATE EXTENSION x" to load this file. \quit
-- a comment \d
/* a /* nested */ comment \d */
SELECT E'\\d', e'it\'s \\s', "id\ent", 'plain';
SELECT 'one \d';
CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'body \s' $$;
DO $do$ BEGIN EXECUTE $q$SELECT '\x00'::bytea$q$; EXECUTE E'SELECT ''in dynamic \\w'''; END $do$;
COMMENT ON FUNCTION f() IS $$it's prose with a \ backslash$$;
SELECT $1, a$b, 'it''s \(';
SQL
cat >"$WORK/sample.c" <<'C'
/* "not '\\d' here" */
static const char *q = "SELECT 'x' ~ '\\d'"   // a comment
	SA_MACRO " , 'nh\\_%'";
static const char *r = "SELECT E'\\\\d', 'a\\n'";
static char c = '"'; static const char *m = "can't be SQL \\";
C
got=$(scan sql "$WORK/sample.sql" | sed "s|^$WORK/||")
want="sample.sql:5: 'one \\d'
sample.sql:6: 'body \\s'
sample.sql:7: '\\x00'
sample.sql:7: 'in dynamic \\w'
sample.sql:9: 'it''s \\('"
check "the scanner finds plain literals with a backslash, in bodies and dynamic SQL too, and nothing else" "$got" "$want"
got=$(scan c "$WORK/sample.c" | sed "s|^$WORK/||")
want="sample.c:2: '\\d'
sample.c:3: 'nh\\_%'
sample.c:4: 'a\\n'"
check "in C, each run of string constants is read as SQL" "$got" "$want"

# the sources
mapfile -t parts < <(ls sql/parts/*.sql)
check "sql/parts: no plain literal holds a backslash" "$(scan sql "${parts[@]}")" ""
mapfile -t upd < <(ls sql/upgrade/0.1.0--0.2.0/*.sql)
check "sql/upgrade/0.1.0--0.2.0: no plain literal holds a backslash" "$(scan sql "${upd[@]}")" ""
mapfile -t comp < <(ls sql/service_affair_shard--*.sql sql/service_affair_router--*.sql sql/service_affair_province--*.sql)
check "the companion extensions' scripts: no plain literal holds a backslash" "$(scan sql "${comp[@]}")" ""
mapfile -t cfiles < <(ls src/*.c src/*.h tools/*.c)
check "the SQL of src/ and tools/: no plain literal holds a backslash" "$(scan c "${cfiles[@]}")" ""
[ "$failed" = 0 ]
