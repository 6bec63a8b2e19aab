#!/bin/bash
# usage: loadrun.sh N cmd...   runs cmd N times with two CPU burners alongside; prints rc and time per run
n=$1; shift
node -e 'for(;;);' & b1=$!
node -e 'for(;;);' & b2=$!
trap 'kill $b1 $b2 2>/dev/null' EXIT
fails=0
for i in $(seq $n); do
  s=$(date +%s%N)
  "$@" > /tmp/loadrun.$i.log 2>&1; rc=$?
  e=$(( ($(date +%s%N) - s) / 1000000 ))
  [ $rc -ne 0 ] && fails=$((fails+1))
  echo "run $i: rc=$rc ${e} ms $(grep -E 'passed, [0-9]+ failed|^ +[0-9]+ (passed|failed|flaky|skipped)' /tmp/loadrun.$i.log | tr '\n' ' ')"
done
echo "failures: $fails of $n"
