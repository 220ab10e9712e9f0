/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * os.h - the few things the tool needs from its OS beyond the library: one of
 * src/cli/os_posix.c or src/cli/os_windows.c is built (the Makefile picks it with the
 * library's backend), so no command file tests for an OS.
 */
#ifndef PSUTIL_CLI_OS_H
#define PSUTIL_CLI_OS_H

#include <stddef.h>
#include <stdint.h>

/* The tool's commands: the portable ones are main.c's; cli_os_commands adds this OS's
 * own (POSIX: top, cgtop and serve, which need ncurses, cgroups and libmicrohttpd). */
typedef int (*cli_command_fn)(int argc, char **argv);
struct cli_command {
    const char *name;
    cli_command_fn fn;
    const char *summary;
};
extern const struct cli_command cli_os_commands[];
extern const size_t cli_os_ncommands;

/* Before any output: POSIX restores SIGPIPE's default (psutil ps | head ends quietly);
 * Windows writes UTF-8 to its console. */
void cli_os_init(void);

/* The machine, as uname(2) names it: system, host name, kernel release, architecture. */
struct cli_uname {
    char sysname[65], nodename[256], release[65], machine[65];
};
void cli_os_uname(struct cli_uname *u);

/* The absolute path of an existing path (*real, malloc'd) and the id of the device or
 * volume holding it; 0, or -1 when the path cannot be resolved. real may be NULL. */
int cli_os_locate(const char *path, char **real, uint64_t *dev);

/* 1 where users have numbers (POSIX uids: ps -u resolves names to them); 0 where a user
 * is a name only (Windows: "DOMAIN\\user"), which ps -u matches against each process's. */
extern const int cli_os_numeric_users;

/* A user named or numbered as ps -u and top -u take them, as its uid; -1 when unknown
 * or the OS has no uids. */
long cli_os_uid_of(const char *user);

/* ps's PID column width. POSIX: the digits of kernel.pid_max, at least 5, as procps
 * sizes it (7 where pid_max is 4194304); Windows, which has no pid limit to size by: 7. */
int cli_os_pid_width(void);

/* A signal's number from its name without "SIG" ("TERM", "RTMIN+3"); -1 when unknown. */
int cli_os_signal_number(const char *name);

/* The OS's text for the error code the library records as os_errno (POSIX: an errno;
 * Windows: a Win32 error code), in buf. Returns buf. */
const char *cli_os_error_text(int code, char *buf, size_t size);

#endif
