# Assertions for the check steps of .github/workflows/self-test.yml, which source this file. Each
# prints what it checked, or an ::error:: annotation and returns 1, which fails the step.

# expect_equal LABEL ACTUAL EXPECTED
expect_equal() {
  if [ "$2" = "$3" ]; then
    echo "ok: $1 is '$3'"
  else
    echo "::error::$1 is '$2', expected '$3'"
    return 1
  fi
}

# expect_match LABEL ACTUAL PATTERN (a bash extended regular expression)
expect_match() {
  if [[ $2 =~ $3 ]]; then
    echo "ok: $1 matches $3"
  else
    echo "::error::$1 is '$2', expected a match of $3"
    return 1
  fi
}

# json_field JSON PATH: the value at a dotted PATH of a JSON document, empty when it is absent.
json_field() {
  node -e '
    let value = JSON.parse(process.argv[1]);
    for (const key of process.argv[2].split(".")) value = value?.[key];
    process.stdout.write(value === undefined || value === null ? "" : String(value));
  ' "$1" "$2"
}
