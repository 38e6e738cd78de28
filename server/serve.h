/*
** serve.h: the entry point of zeef serve, for cli/main.c, the one file that
** knows both front ends. Everything else of the service is in server.h.
*/
#ifndef ZEEF_SERVE_H
#define ZEEF_SERVE_H

/* `zeef serve ARGS`: runs the service until SIGTERM or SIGINT; returns
** the exit status. */
int srv_main(int argc, char **argv);

#endif
