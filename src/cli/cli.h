/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cli.h - what the psutil tool's command files share: the command table's entry
 * type, error reporting with the library's last-error detail, a small streaming JSON
 * writer and human-readable units. The tool uses only the public header.
 */
#ifndef PSUTIL_CLI_H
#define PSUTIL_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "os.h"
#include "psutil.h"

/* Exit statuses of every command. */
enum { CLI_OK = 0, CLI_ERROR = 1, CLI_USAGE = 2 };

/* A subcommand: argv[0] is the command's name. Returns an exit status. */

int cmd_overview(int argc, char **argv);
int cmd_free(int argc, char **argv);
int cmd_df(int argc, char **argv);
int cmd_iostat(int argc, char **argv);
int cmd_sensors(int argc, char **argv);
int cmd_who(int argc, char **argv);
int cmd_procinfo(int argc, char **argv);
int cmd_pidof(int argc, char **argv);
int cmd_killall(int argc, char **argv);
int cmd_pstree(int argc, char **argv);
int cmd_pmap(int argc, char **argv);
int cmd_procsmem(int argc, char **argv);
int cmd_ps(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_iotop(int argc, char **argv);
int cmd_cgtop(int argc, char **argv);
int cmd_netstat(int argc, char **argv);
int cmd_ifconfig(int argc, char **argv);
int cmd_nettop(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* Prints "psutil: <what>: <library error text> (<detail>, <path>: <errno text>)" to
 * stderr for a failed library call and returns CLI_ERROR. */
int cli_fail(const char *what, int rc);
/* Flushes stdout; 1 when output was lost (a full disk, a closed stdout), said once on
 * stderr ("psutil: write error: No space left on device"). A refreshing command stops on
 * it; main() turns it into exit status 1 for every command (coreutils' close_stdout). */
int cli_output_failed(void);

/* Prints "psutil <cmd>: <message>", the command's usage line and a pointer to --help to
 * stderr; returns CLI_USAGE. cmd NULL is the overview. */
int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The option getopt just refused, as typed: "-e" for an unknown short option even inside
 * a cluster ("-ef"), "--bogus" for a long one. */
const char *cli_optname(char **argv);

/* The tool's usage text (main.c). */
void cli_usage(FILE *f);

/* Memory for the tool's own tables: n elements of size bytes (at least one), zeroed
 * when fresh. On exhaustion or overflow they print "psutil: out of memory" and exit
 * with CLI_ERROR, so no command works on a NULL block or silently drops rows. */
void *cli_alloc(size_t n, size_t size);
void *cli_realloc(void *p, size_t n, size_t size);
char *cli_strdup(const char *s);

/* Parses a non-negative decimal number of seconds ("2", "0.5"); -1 when malformed. */
int cli_parse_seconds(const char *s, double *out);
/* sysstat's positional "[INTERVAL [COUNT]]" at the end of argv[first..argc): sets *delay
 * (and *count) and returns how many arguments it took (0, 1 or 2). */
int cli_trailing_interval(int argc, char **argv, int first, double *delay, long *count);
/* Parses a positive integer; -1 when malformed or out of range. */
int cli_parse_count(const char *s, long *out);

/* Sleeps for seconds (signals do not cut it short); seconds on the monotonic clock. */
void cli_sleep(double seconds);
/* Seconds as poll/ncurses milliseconds: rounded up, 0 for none left, at most INT_MAX,
 * never a double converted outside int's range. */
int cli_ms(double seconds);
double cli_now(void);

/* "23.5G", "300.0M", "512.0B": psutil_bytes2human(), psutil's bytes2human rule. */
void cli_human_bytes(char *buf, size_t size, uint64_t bytes);

/* The counters of the NIC called `name` among `n` from psutil_net_io_counters_pernic(),
 * or NULL when it has none. */
const psutil_net_io_t *cli_nic_counters(const psutil_net_io_t *io, size_t n, const char *name);

/* The ps/top state letter of a psutil_proc_status ('R', 'S', 'D', ...; '?' if unknown). */
char cli_state_letter(int status);

/* Bytes that processes control (names, command lines, paths, mount points, user and
 * interface names) are shown by one rule:
 * - text output goes through cli_safe(): control characters (C0, DEL, C1) and bytes that
 *   are not UTF-8 print as '?', a newline as a space, as procps prints them, so no
 *   process can split a row or send an escape sequence to the reader's terminal;
 * - JSON strings and metric label values keep valid UTF-8 as it is and replace each byte
 *   that is not UTF-8 by U+FFFD, so every document is valid UTF-8 (RFC 8259).
 * cli_utf8_len() gives the length of the valid UTF-8 sequence at s (n bytes left), 0 when
 * the byte at s starts none. cli_safe() returns the shown form in one of 8 rotating
 * buffers: valid until 8 more calls. */
size_t cli_utf8_len(const unsigned char *s, size_t n);
const char *cli_safe(const char *s);

/* Walks a process tree depth first (tree.c): pids sorted ascending with their ppids;
 * visit(ctx, i, depth, last) once per process, last set for the last child of its parent.
 * Children come in `order` (the n indices in the order to visit siblings; NULL: pid
 * order). root < n walks that process's subtree; root >= n walks every process whose
 * parent is not listed, in `order` or, with roots_backwards, the reverse of it (procps's
 * forest), then from the lowest pid what a ppid cycle left. Iterative: deep chains cost
 * no C stack. */
void cli_tree_walk(const psutil_pid_t *pids, const psutil_pid_t *ppids, size_t n, size_t root,
                   const size_t *order, int roots_backwards,
                   void (*visit)(void *ctx, size_t i, int depth, int last), void *ctx);

/* Streaming JSON to a FILE: objects and arrays nest up to 16 levels; the writer puts
 * commas itself. Keys are given with each value inside objects (NULL in arrays). */
typedef struct cli_json {
    FILE *f;
    int depth;
    int count[16];
} cli_json;

void json_init(cli_json *j, FILE *f);
void json_object_begin(cli_json *j, const char *key);
void json_object_end(cli_json *j);
void json_array_begin(cli_json *j, const char *key);
void json_array_end(cli_json *j);
void json_u64(cli_json *j, const char *key, uint64_t v);
void json_i64(cli_json *j, const char *key, int64_t v);
void json_string(cli_json *j, const char *key, const char *s);
void json_null(cli_json *j, const char *key);
void json_bool(cli_json *j, const char *key, int v);
/* A float rounded to what the figure means: percentages 1 digit, times 2 (clock ticks). */
void json_round(cli_json *j, const char *key, double v, int digits);
/* psutil's virtual_memory() and swap_memory() objects, the same in every command. */
void json_virtual_memory(cli_json *j, const char *key, const psutil_virtual_memory_t *vm);
void json_swap_memory(cli_json *j, const char *key, const psutil_swap_memory_t *sw);
/* The limits that bind (psutil_cgroup_limits): null for a figure not read or unlimited. */
void json_cgroup_limits(cli_json *j, const char *key, const psutil_cgroup_limits_t *l);
/* 1 when the cgroup's memory limit is below the machine's memory (it binds). */
int cli_memory_limit_binds(const psutil_cgroup_limits_t *l, uint64_t total);
/* An array of the NUL-terminated strings packed in args (len bytes): a row's argv. */
void json_args(cli_json *j, const char *key, const char *args, size_t len);
/* Ends the document with a newline. */
void json_finish(cli_json *j);

#endif
