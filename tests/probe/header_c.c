/* SPDX-License-Identifier: BSD-3-Clause */
/* Compiled alone with -std=c99 -pedantic -Werror: psutil.h needs nothing else. */
#include "psutil.h"

int main(void)
{
    psutil_virtual_memory_t vm;
    return psutil_virtual_memory(&vm) == PSUTIL_OK ? 0 : 1;
}
