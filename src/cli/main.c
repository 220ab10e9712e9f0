/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * main.c - the psutil tool's entry: global options, the command table and dispatch.
 * With no command it prints the overview. Exit status: 0 success, 1 error, 2 usage.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* The portable commands; os.h's cli_os_commands adds this OS's own. */
static const struct cli_command commands[] = {
    {"df", cmd_df, "space on mounted filesystems, like df -h"},
    {"free", cmd_free, "memory and swap, like procps free"},
    {"ifconfig", cmd_ifconfig, "NICs: state, addresses and counters"},
    {"iostat", cmd_iostat, "per-disk I/O rates, refreshing"},
    {"iotop", cmd_iotop, "per-process disk I/O rates, refreshing"},
    {"killall", cmd_killall, "signal processes by name"},
    {"netstat", cmd_netstat, "sockets and their owners, like ss -tanp"},
    {"nettop", cmd_nettop, "per-NIC traffic rates, refreshing"},
    {"pidof", cmd_pidof, "pids of processes by name"},
    {"pmap", cmd_pmap, "memory mappings of a process, like pmap -x"},
    {"procinfo", cmd_procinfo, "everything about one process"},
    {"procsmem", cmd_procsmem, "USS, PSS and swap per process, like smem"},
    {"ps", cmd_ps, "every process, like ps aux"},
    {"pstree", cmd_pstree, "the process tree"},
    {"sensors", cmd_sensors, "temperatures, fans and battery"},
    {"who", cmd_who, "logged-in users"},
};

void cli_usage(FILE *f)
{
    fprintf(f, "Usage: psutil [COMMAND] [OPTIONS]\n"
               "\n"
               "Process and system monitoring. Without a command, prints an overview of the\n"
               "machine (host, kernel, uptime, load, CPU, memory, swap).\n"
               "\n"
               "Commands:\n");
    /* One list in name order: the two tables merged. */
    size_t a = 0, b = 0, na = sizeof(commands) / sizeof(commands[0]);
    while (a < na || b < cli_os_ncommands) {
        const struct cli_command *c =
            b >= cli_os_ncommands ||
                    (a < na && strcmp(commands[a].name, cli_os_commands[b].name) < 0)
                ? &commands[a++]
                : &cli_os_commands[b++];
        fprintf(f, "  %-10s %s\n", c->name, c->summary);
    }
    fprintf(f, "\n"
               "Options:\n"
               "  --json     overview as JSON\n"
               "  --help     this text ('psutil COMMAND --help' for a command's)\n"
               "  --version  the tool's and the library's versions\n"
               "\n"
               "Exit status: 0 success, 1 error, 2 usage error.\n");
}

static int run(int argc, char **argv);

int main(int argc, char **argv)
{
    int rc = run(argc, argv);
    return cli_output_failed() ? CLI_ERROR : rc;
}

static int run(int argc, char **argv)
{
    cli_os_init();
    if (argc < 2 || argv[1][0] == '-') {
        if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
            cli_usage(stdout);
            return CLI_OK;
        }
        if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
            printf("psutil %s (libpsutil %s)\n", PSUTIL_VERSION_STRING, psutil_version());
            return CLI_OK;
        }
        if (argc >= 2 && strcmp(argv[1], "--json") != 0) {
            fprintf(stderr, "psutil: unknown option '%s'\n\n", cli_safe(argv[1]));
            cli_usage(stderr);
            return CLI_USAGE;
        }
        return cmd_overview(argc, argv);
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    for (size_t i = 0; i < cli_os_ncommands; i++)
        if (strcmp(argv[1], cli_os_commands[i].name) == 0)
            return cli_os_commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "psutil: unknown command '%s'\n\n", cli_safe(argv[1]));
    cli_usage(stderr);
    return CLI_USAGE;
}
