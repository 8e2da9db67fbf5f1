#!/usr/bin/perl
# Lists the repository paths (bench/, demo/, sql/, src/, test/, tools/) that
# doc/*.md and README.md cite and that are not in the tree, one
# "file:line: path" a line; prints nothing when every cited path exists.
# Run from the top of a checkout:  perl tools/doc-paths.pl
#
# Not reported: a path whose line or the next names the commit where it can
# be read ("in git history at <hash>"); a program built from <path>.c
# (tools/sa_county); the examples of doc/development.md that stand for any
# name (NN_area, A--B, X, x.out, typo.sh); globs that match a file.
use strict;
use warnings;

my @docs = (sort(glob('doc/*.md')), 'README.md');
my %example = map { $_ => 1 } qw(test/scripts/typo.sh test/expected/x.out);
my $missing = 0;
for my $doc (@docs) {
	open(my $fh, '<', $doc) or die "$doc: $!\n";
	my @lines = <$fh>;
	close($fh);
	for my $i (0 .. $#lines) {
		while ($lines[$i] =~ m{(?<![\w/.-])((?:bench|demo|sql|src|test|tools)/[\w./*<>{}\[\]-]+)}g) {
			(my $p = $1) =~ s/[.,;:)]+$//;
			next if $p =~ /[<>{}\[\]]/ || $example{$p};
			next if $p =~ m{(?:^|/)(?:NN_\w+|[A-Z]+(?:--[A-Z]+)*)(?:[/.]|$)} || $p =~ /--(?:[A-Z]+--)*[A-Z]+\.sql$/;
			next if $p =~ /\*/ ? scalar(() = glob($p)) : (-e $p || -e "$p.c");
			my $around = $lines[$i] . ($i < $#lines ? $lines[$i + 1] : '');
			next if $around =~ /git\s+history\s+at\s+[0-9a-f]{7,40}/;
			printf "%s:%d: %s\n", $doc, $i + 1, $p;
			$missing++;
		}
	}
}
exit($missing ? 1 : 0);
