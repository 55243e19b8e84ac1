/* The lab's MPI hello: every rank sends "rank R of N on HOST (IP)" to rank 0, which prints them in
 * rank order, so the lines of the other ranks have crossed the MPI transport (the pod network).
 * HOST is the container's hostname (the pod's name), IP its first non-loopback IPv4 address (the pod
 * IP, whose 10.244.N.0/24 subnet names the compute node in the lab). Built by deploy/lab/openmpi-image.sh
 * with Debian's mpicc. */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <mpi.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { LINE = 256 };

static void pod_ip(char *ip, size_t size) {
  struct ifaddrs *all, *a;
  snprintf(ip, size, "no IPv4");
  if (getifaddrs(&all) != 0) return;
  for (a = all; a != NULL; a = a->ifa_next) {
    if (a->ifa_addr == NULL || a->ifa_addr->sa_family != AF_INET) continue;
    struct in_addr addr = ((struct sockaddr_in *)a->ifa_addr)->sin_addr;
    if ((ntohl(addr.s_addr) >> 24) == 127) continue;
    inet_ntop(AF_INET, &addr, ip, (socklen_t)size);
    break;
  }
  freeifaddrs(all);
}

int main(int argc, char **argv) {
  int rank, size;
  char host[LINE / 2] = "", ip[INET_ADDRSTRLEN], line[LINE];
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  gethostname(host, sizeof host - 1);
  pod_ip(ip, sizeof ip);
  snprintf(line, sizeof line, "rank %d of %d on %s (%s)", rank, size, host, ip);
  if (rank == 0) {
    printf("mpi-hello: %d ranks\n", size);
    printf("%s\n", line);
    for (int r = 1; r < size; r++) {
      MPI_Recv(line, LINE, MPI_CHAR, r, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      printf("%s\n", line);
    }
    fflush(stdout);
  } else {
    MPI_Send(line, (int)strlen(line) + 1, MPI_CHAR, 0, 0, MPI_COMM_WORLD);
  }
  MPI_Finalize();
  return 0;
}
