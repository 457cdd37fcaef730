#!/bin/sh
# krt test fixture: the minimum tool versions of Linux v6.8 (torvalds/linux scripts/min-tool-version.sh at 03c11eb3b16d),
# in the shell forms the kernel's min-tool-version.sh uses (facts from shared/reference and the
# research notes). Not the kernel's file: the evaluator is tested against /bin/sh on it.
set -e
if [ $# != 1 ]; then
	echo "Usage: $0 toolname" >&2
	exit 1
fi
case "$1" in
binutils) echo 2.25.0 ;;
gcc)
	if [ "$ARCH" = parisc64 ]; then echo 12.0.0; else echo 5.1.0; fi
	;;
llvm)
	if [ "$SRCARCH" = s390 ]; then echo 15.0.0; elif [ "$SRCARCH" = loongarch ]; then echo 18.0.0; else echo 11.0.0; fi
	;;
rustc)
	echo 1.74.1
	;;
bindgen) echo 0.65.1 ;;
*)
	echo "$1: unknown tool" >&2
	exit 1
	;;
esac
