# shellcheck shell=bash
# hpk_node_resolv FILE: FILE's nameservers, search list and options with the caller's
# dns_servers, dns_searches and dns_options (name or name:value) merged in as the kubelet does.
hpk_node_resolv() {
  local key rest word name i servers=() searches=() options=() names=() merged=()
  while read -r key rest; do
    case $key in
      nameserver) read -r word _ <<< "$rest" && servers+=("$word") ;;
      search)
        searches=()
        for word in $rest; do [[ $word == . ]] || searches+=("${word%.}"); done
        ;;
      options) for word in $rest; do options+=("$word"); done ;;
    esac
  done < "$1"
  for word in "${dns_servers[@]}"; do
    [[ " ${servers[*]} " == *" $word "* ]] || servers+=("$word")
  done
  for word in "${dns_searches[@]}"; do
    [[ " ${searches[*]} " == *" $word "* ]] || searches+=("$word")
  done
  for word in "${options[@]}" "${dns_options[@]}"; do
    name=${word%%:*}
    for i in "${!names[@]}"; do
      if [[ ${names[i]} == "$name" ]]; then
        merged[i]=$word
        continue 2
      fi
    done
    names+=("$name")
    merged+=("$word")
  done
  for word in "${servers[@]:0:3}"; do printf 'nameserver %s\n' "$word"; done
  ((${#searches[@]})) && printf 'search %s\n' "${searches[*]:0:32}"
  ((${#merged[@]})) && printf 'options %s\n' "${merged[*]}"
  return 0
}
