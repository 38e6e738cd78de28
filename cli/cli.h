/*
** cli.h: the subcommands of the zeef command. The CLI is a client of the
** library (zeef.h) and of the front ends' shared layer (front/front.h);
** main.c dispatches to these and to zeef serve (server/serve.h).
*/
#ifndef ZEEF_CLI_H
#define ZEEF_CLI_H

#include "../front/front.h"

int cmd_compare(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_screen(int argc, char **argv);
int cmd_mrz(int argc, char **argv);
int cmd_paxlst(int argc, char **argv);
int cmd_pnr(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_lists(int argc, char **argv);
int cmd_evaluate(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_cases(int argc, char **argv);

#endif
