#include <stdio.h>

static const char *name(int d, char *buf) {
    buf[0] = buf[1] = buf[2] = '\0';
    switch (d) {
    case 1:
        strcat_like: ;
    case 2:
        buf[0] = 't';
        buf[1] = '\0';
        break;
    default:
        buf[0] = 'o';
        buf[1] = '\0';
    case 3:
        buf[1] = 'h';
        buf[2] = '\0';
    case 4: {
        buf[0] = buf[0] ? buf[0] : 'f';
        break;
    }
    case 5:
        ;
    }
    return buf;
}

int main(void) {
    char buf[8];
    for (int i = 0; i <= 6; i++)
        printf("%d: [%s]\n", i, name(i, buf));
    int total = 0;
    for (int i = 0; i < 10; i++) {
        switch (i & 3) {
        case 0:
            total += 1;
        case 1:
            total += 10;
            break;
        case 2:
            continue;
        default:
            total += 100;
        }
        total *= 2;
    }
    printf("total %d\n", total);
    return 0;
}
