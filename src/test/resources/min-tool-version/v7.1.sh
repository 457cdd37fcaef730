#!/bin/sh
# krt test fixture: the minimum tool versions of Linux v7.1 (blob b96ec2d379b6, commit c3a00a3f31ff),
# in the shell forms the kernel's min-tool-version.sh uses (facts from shared/reference and the
# research notes). Not the kernel's file: the evaluator is tested against /bin/sh on it.
set -e
if [ $# != 1 ]; then
	echo "Usage: $0 toolname" >&2
	exit 1
fi
case "$1" in
binutils) echo 2.30.0 ;;
gcc)
	if [ "$ARCH" = parisc64 ]; then echo 12.0.0; else echo 8.1.0; fi
	;;
llvm)
	if [ "$SRCARCH" = loongarch ]; then echo 18.0.0; else echo 15.0.0; fi
	;;
rustc)
	echo 1.85.0
	;;
bindgen) echo 0.71.1 ;;
*)
	echo "$1: unknown tool" >&2
	exit 1
	;;
esac
