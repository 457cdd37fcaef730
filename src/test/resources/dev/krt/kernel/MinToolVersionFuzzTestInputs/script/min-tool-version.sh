#!/bin/sh
case "$1" in
rustc)
	echo 1.78.0
	;;
bindgen)
	echo 0.65.1
	;;
*)
	exit 1
	;;
esac
