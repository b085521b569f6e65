# Interactive shells in a Berth engine.
[ -z "${PS1:-}" ] && return

shopt -s checkwinsize histappend
HISTSIZE=5000
# Every command reaches ~/.bash_history as it runs (not when the shell exits):
# lessons check read-only commands like `docker ps` there, and tabs share it.
PROMPT_COMMAND='history -a'

# A friendly prompt: engine name, directory, and a coloured #.
PS1='\[\e[1;36m\]berth\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]\[\e[1;33m\]\$\[\e[0m\] '

alias ls='ls --color=auto' ll='ls -alF --color=auto' grep='grep --color=auto'

if [ -f /usr/share/bash-completion/bash_completion ]; then
  . /usr/share/bash-completion/bash_completion
fi

# The welcome, once per terminal (not in nested shells).
if [ -z "${BERTH_WELCOMED:-}" ]; then
  printf '\n\e[1;36m%s\e[0m\n\n' "$(cat /etc/berth/welcome)"
  export BERTH_WELCOMED=1
fi
