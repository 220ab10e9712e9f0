/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * control.c - suspend, resume, terminate and kill as POSIX signals, sent through the
 * backend's identity-proving psutil__os_proc_send_signal.
 */
#include <signal.h>

#include "../os.h"
#include "unix.h"

int psutil__os_proc_action(psutil_proc_t *p, enum psutil__proc_action what)
{
    static const int sig[] = {
        [PSUTIL__ACT_SUSPEND] = SIGSTOP,
        [PSUTIL__ACT_RESUME] = SIGCONT,
        [PSUTIL__ACT_TERMINATE] = SIGTERM,
        [PSUTIL__ACT_KILL] = SIGKILL,
    };
    return psutil__os_proc_send_signal(p, sig[what]);
}
