#include <stdio.h>

int main(void) {
    signed char sc = 120;
    sc += 10;
    printf("%d\n", sc);
    short s = 32000;
    s = (short)(s * 2);
    printf("%d\n", s);
    char c = 'A';
    c += 2;
    c++;
    printf("%c %d\n", c, c);
    unsigned char uc = 200;
    int promoted = uc + uc;
    printf("%d\n", promoted);
    unsigned char wrapped = uc + uc;
    printf("%d\n", wrapped);
    printf("%d %d\n", -7 / 2, -7 % 2);
    printf("%d\n", (int)sizeof(c + c));
    short t = -1;
    unsigned short ut = (unsigned short)t;
    printf("%d %u\n", t, (unsigned)ut);
    char digits[] = "0123";
    int value = 0;
    for (int i = 0; digits[i]; i++)
        value = value * 10 + (digits[i] - '0');
    printf("%d\n", value);
    long long big = 1LL << 40;
    int narrowed = (int)(big >> 20);
    printf("%d\n", narrowed);
    return 0;
}
