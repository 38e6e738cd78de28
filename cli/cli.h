/*
** cli.h: what the zeef command's subcommands share. The CLI is a client of
** the library: it includes only zeef.h and its own helpers.
*/
#ifndef ZEEF_CLI_H
#define ZEEF_CLI_H

#include "zeef.h"

/* Exit codes of every subcommand. */
#define EXIT_OK 0
#define EXIT_INPUT 1 /* some input could not be processed */
#define EXIT_USAGE 2 /* bad usage, or a resource that cannot be loaded */

int cmd_compare(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_screen(int argc, char **argv);

/* Prints "zeef: <what>: <message>" to stderr. */
void cli_error(const char *what, const char *msg);

#endif
