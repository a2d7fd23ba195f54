#include <stdio.h>

int main(void) {
    int i = 5;
    int a = i++;
    int b = ++i;
    printf("%d %d %d\n", a, b, i);
    int arr[6] = {0};
    int k = 0;
    arr[k++] = 7;
    arr[k++] = 8;
    arr[++k] = 9;
    for (int j = 0; j < 6; j++)
        printf("%d ", arr[j]);
    printf("k=%d\n", k);
    int j = 0;
    while (j++ < 3)
        printf("j %d\n", j);
    printf("after %d\n", j);
    int x = 10;
    x += 5;
    x -= 2;
    x *= 3;
    x /= 4;
    x %= 7;
    printf("%d\n", x);
    int y = 3;
    int z = y-- * 2;
    printf("%d %d\n", y, z);
    int *p = arr;
    int v = *p++;
    int w = *++p;
    printf("%d %d %d\n", v, w, (int)(p - arr));
    return 0;
}
