# Reading bpf_printk output without depending on the global trace buffer
# (sourced, not run; needs root and tracefs).
#
# Other processes on the machine clear the global buffer (echo > trace),
# flood it (trace_marker, their own bpf_printk) or consume it (cat
# trace_pipe). bpf_printk lines are the bpf_trace:bpf_trace_printk event, and
# a tracefs instance of our own with that event enabled gets its own copy of
# every line: nobody else clears or reads it, and an in-kernel filter keeps
# only the lines that start with our marker. We never clear or read the
# global buffer, so we do not disturb anyone else either.
#
#   trace_instance NAME PREFIX  instance NAME-$$ ($TRACE_DIR) keeping the
#                            bpf_printk lines that start with PREFIX, for a
#                            reader of $TRACE_DIR/trace_pipe; removed on exit
#   trace_open NAME PREFIX   trace_instance, and a reader that appends its
#                            lines to $TRACE_LOG from now on
#   trace_find REGEX SECS    waits up to SECS for a line matching REGEX (ERE)
#                            in $TRACE_LOG; prints it, fails on timeout
#   trace_close              stops the reader and removes the instance
# A trace_pipe admits one reader at a time (a second open gets EBUSY), one
# more reason not to read the global one. Without instance support this
# falls back to it, and says so.

TRACEFS=/sys/kernel/tracing
[ -e $TRACEFS/trace_pipe ] || TRACEFS=/sys/kernel/debug/tracing
TRACE_DIR="" TRACE_INSTANCE="" TRACE_LOG="" TRACE_READER=""

trace_instance() {
	local inst=$TRACEFS/instances/$1-$$ prefix=$2 ev
	if declare -F at_exit >/dev/null; then at_exit trace_close; else trap trace_close EXIT; fi
	if [ -d "$TRACEFS/instances" ] && mkdir "$inst" 2>/dev/null; then
		TRACE_INSTANCE=$inst TRACE_DIR=$inst
		ev=$inst/events/bpf_trace/bpf_trace_printk
		# The filter is an optimisation: without it every line comes in.
		echo "bpf_string ~ \"$prefix*\"" 2>/dev/null >"$ev/filter" || true
		if ! echo 1 >"$ev/enable"; then
			echo "trace: cannot enable bpf_trace_printk in $inst" >&2
			trace_close
			return 1
		fi
	else
		echo "trace: no tracefs instance ($inst); using the global trace_pipe" >&2
		TRACE_DIR=$TRACEFS
	fi
}

trace_open() {
	trace_instance "$1" "$2" || return
	TRACE_LOG=$(mktemp "${TMPDIR:-/tmp}/oxbpf-trace-$1.XXXXXX")
	grep --line-buffered -F "$2" "$TRACE_DIR/trace_pipe" >>"$TRACE_LOG" &
	TRACE_READER=$!
}

trace_find() {
	local regex=$1 secs=$2 i
	for ((i = 0; i <= secs * 10; i++)); do
		grep -m1 -E "$regex" "$TRACE_LOG" && return 0
		sleep 0.1
	done
	return 1
}

trace_close() {
	if [ -n "$TRACE_READER" ]; then
		kill "$TRACE_READER" 2>/dev/null || true
		wait "$TRACE_READER" 2>/dev/null || true
	fi
	TRACE_READER=""
	if [ -n "$TRACE_INSTANCE" ]; then
		echo 0 2>/dev/null >"$TRACE_INSTANCE/events/bpf_trace/bpf_trace_printk/enable" || true
		rmdir "$TRACE_INSTANCE" 2>/dev/null || echo "trace: $TRACE_INSTANCE left behind" >&2
		TRACE_INSTANCE=""
	fi
	[ -z "$TRACE_LOG" ] || rm -f "$TRACE_LOG"
	TRACE_LOG=""
	return 0
}
