# bash completion for zeef: its commands, each command's options, and files
# where a file is asked for.
_zeef() {
  local cur prev cmd
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  cmd=${COMP_WORDS[1]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "screen serve report evaluate lists audit compare analyze mrz paxlst pnr rules worker help version" -- "$cur"))
    return
  fi
  case $prev in
    --list|--keys|--config|--store) COMPREPLY=($(compgen -f -- "${cur#*=}")); return ;;
    --in-format) COMPREPLY=($(compgen -W "auto csv jsonl json mrz paxlst pnrgov" -- "$cur")); return ;;
    --date-order) COMPREPLY=($(compgen -W "dmy mdy" -- "$cur")); return ;;
    --format) COMPREPLY=($(compgen -W "html csv text" -- "$cur")); return ;;
    --map) COMPREPLY=($(compgen -W "id= name= surname= given_names= birth_date= nationality= gender= document_number= document_country= expected=" -- "$cur")); return ;;
  esac
  local opts
  case $cmd in
    screen) opts="--config --list --threshold --min-score --limit --in-format --map --date-order --text --threads --fail-on-alert --quiet --run-header --no-run-header --store --user --help" ;;
    serve) opts="--config --list --listen --keys --threads --max-body --max-travellers --timeout --head-timeout --threshold --hash-key --help" ;;
    report) opts="--format --by --help" ;;
    evaluate) opts="--list --target-recall --max-false-alerts --json --map --date-order --in-format --help" ;;
    lists) [ "$COMP_CWORD" -eq 2 ] && { COMPREPLY=($(compgen -W "show diff" -- "$cur")); return; }; opts="--json" ;;
    audit) [ "$COMP_CWORD" -eq 2 ] && { COMPREPLY=($(compgen -W "verify export" -- "$cur")); return; }; opts="--store --help" ;;
    compare|analyze) opts="--json --help" ;;
    help) COMPREPLY=($(compgen -W "screen serve report evaluate lists audit compare analyze mrz paxlst pnr" -- "$cur")); return ;;
    *) opts="--help" ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _zeef zeef
