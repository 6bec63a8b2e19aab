#!/bin/bash
# usage: conftime.sh N  -> wall seconds of npm run conformance, N times, then the median
n=${1:-3}; ts=()
for i in $(seq $n); do
  s=$(date +%s%N); npm run -s conformance -- $EXTRA > /tmp/conftime.out 2>&1; rc=$?; e=$(( ($(date +%s%N) - s) / 1000000 ))
  ts+=($e); echo "run $i: ${e} ms rc=$rc $(grep -E 'passed, [0-9]+ failed' /tmp/conftime.out)"
done
printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END {print "median", a[int((NR+1)/2)], "ms"}'
