/**
 * THROWAWAY WeChat Pay test merchant for the end-to-end suite and its simulator. Generated once
 * with node:crypto (RSA-2048) for this repository: these keys belong to no real merchant and must
 * never be used for one. They are public on purpose, like the demo AppSecret in e2e-env.ts.
 *
 * The app gets the merchant's private key and the WeChat Pay public key; the simulator gets the
 * merchant's public key and the two private keys WeChat Pay would hold (its public-key pair and
 * its platform certificate's key).
 */

/** 商户号 of the throwaway merchant. */
export const THROWAWAY_MCHID = "1900009191";

/** 40 hex: the serial of the merchant API certificate the throwaway key would have. */
export const THROWAWAY_MERCHANT_SERIAL = "504899B93DB87B9FF556105C8EFD2153867C33AC";

/** 32 bytes: the APIv3 key. */
export const THROWAWAY_APIV3_KEY = "giaLveLMLJjYYZq0GuWdqkpNeVHTgqme";

/** The WeChat Pay public key id (`PUB_KEY_ID_` + 32 digits). */
export const THROWAWAY_PUBLIC_KEY_ID = "PUB_KEY_ID_01190000919120250601000000000001";

/** apiclient_key.pem: the merchant API private key (the app signs with it). */
export const THROWAWAY_MERCHANT_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCuKsxHHCgW0swN
HPQ1Cgys6wNt5u/xzNnrSD1oTFgsJTRA6Wu9MXWlmMc1C4mY8Tepw6z3AxoDxSng
ORTihMtEnlGXIAYkfW+AXHanHil3rc/lZBGMyw8oFvItH6WZcPcvcKNR70Dv6BBA
Ti4TZRrLG7Ipz3pvwGmI0KvnbyodJ8mJik/Og9tjicnVGb3UYss01YKUYhRQN85s
89nYhF20pNikyvMWICP7PI8NWc2nJ/3G14a7Tj7yYMLg652NbgXPv/IKyL1QktGJ
lvd4NhTkFYpGxOuPasjUCEicdH/PfFa87VAmEHQasgVMk3lt1s8uw/upLmORCCdb
2fiCTe65AgMBAAECggEAGPT7BqmLORIFuU9P0xXYkSKwAByaf2yaQXO9kOd3rwO5
xB9ul9KxiAQnb3tywR63mjT24QJpxOaIxJ+JVZgvxGpnSJ+HIc1zn9IgEnxo9sRK
SRWYyjMCvfzjwQGK6jzcvsiGLqR5CqeXRI+vXIodV8NlOUaIxeCtfrRgHa65OyoO
lWanmvdI39BXZGQEbTC2rq85G7Ns6Y3MasSVdvF6ixR8CLEo0JYX9ZcWqGdDmgGk
eew6qC8WxmYyO/QzM+GVAwcQuVIa4fkc9AmUzyW5zRP6LymQEtkldLC4XXXxVUhW
kg69zXpjZy16gYE2EwFVpoQ0vFzcWeETapkBChDacQKBgQDoUn7876fnRaynECdz
XWO2prkbpAOpm5wuScUnJ9NfSWwfl9zHg6KSOwOFhZ9hrs4CZ/vNR7NpHmGC/pij
1PQ1fMNqXBRcGc6FfcMtqOwAe13Z9G3QGP1B9bMvBReuPHIJKJuhyYKpUaDtIK7i
sZsabH0d2PAqq7Sj16vu6BTepQKBgQC/6vtgWO7gYKwrxcDKm+4Zxzk4wygt/2rp
lowct8DYkQfXoa8FmxR3dBV7taLsYqHTlSQqg/DJoSheKn9E2OvYikSV2OF2ZJdY
2rebAu7JcvI1icRcB9rN8Kx3m0eWr7MaEv0Ky3Fj6t9ha3+g87JMDocAsOCsWX9Q
Dt4z05THhQKBgQClQoG4tVXvyv1M/c3CX81dkW2dvucoEFxiBPHsr4TJhHYYZzOS
7Q2JDdesdGfy2aELzyIsXXO/M/BTeX3lFMf/AFgV4ZhOB8GD7fkYEtCGaztQnnI7
FHubHwcuTGYS+EZ6Q1uqE6kRftKFu7kL4yEdA81gnQACqo/d+L4CPS8TTQKBgDel
MEGdR5WzMfh3HBEi6QR8aTD2FN5RYnRb/EAPX1DrrDRvYsnjTynbdKcr4RNc/cLV
SWkyXEx597Rl6gTSSH++h2hTO/wR6ngO4pGFZirusx+m1FJCzMRNdhQv56/fPbTf
sJLCrhvka+RZQOYwApBe3fHrVxlh0bIqvW6VeFvpAoGAOfgzUHlohJvOswDWiV6F
rqVNqUjKKAF3zen6OIB/CUHHWpO04tqckI0/MleSt3eu0gO0RA7ekEftVMuZlBJH
2Fgk7aE2lqXe1cOwCDKcNAeB/opl6TXOBnrjFIvFhCA4SxfrwyPl9stOt3Rvkk6D
adN1QDuucgDgmcSvsWwDjZM=
-----END PRIVATE KEY-----
`;

/** Its public half (the simulator checks the merchant's signatures with it). */
export const THROWAWAY_MERCHANT_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArirMRxwoFtLMDRz0NQoM
rOsDbebv8czZ60g9aExYLCU0QOlrvTF1pZjHNQuJmPE3qcOs9wMaA8Up4DkU4oTL
RJ5RlyAGJH1vgFx2px4pd63P5WQRjMsPKBbyLR+lmXD3L3CjUe9A7+gQQE4uE2Ua
yxuyKc96b8BpiNCr528qHSfJiYpPzoPbY4nJ1Rm91GLLNNWClGIUUDfObPPZ2IRd
tKTYpMrzFiAj+zyPDVnNpyf9xteGu04+8mDC4OudjW4Fz7/yCsi9UJLRiZb3eDYU
5BWKRsTrj2rI1AhInHR/z3xWvO1QJhB0GrIFTJN5bdbPLsP7qS5jkQgnW9n4gk3u
uQIDAQAB
-----END PUBLIC KEY-----
`;

/** WeChat Pay's half of the 微信支付公钥 pair (the simulator signs with it). */
export const THROWAWAY_PLATFORM_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDYV1pCXM8H7FpO
CWZMCuuVhInF7MMtQ3qPLyCB3JNsGhKLUEUItqWJtwKOTO+EJOQvGi6UUQX9RjdN
stkNY5EzvoW88BM0MlBFBJRskwrJv4UNpob0agnXigmFcEylSKjPNV2tm5o/XeIj
aDOxK97xtf9Xoun+2A49t6hYXKTKyuDQWMfE2uo779VKjk39xgP2yTGcen+43y9G
561cklHu09xcjesErSDNUfP7f47gM/H414DWJUlx5JT+9hEPl1CIPR9vlEtK69Yq
Oo2rt+xeNZGn5d9Rtcnhw0RU7Ez+9Uh3zNXxuWx2dAwnoQJaiHPUXXMVfpg+PnUE
NkikYw+PAgMBAAECggEACMfu4sUCl1OuvnA8AlQ/zuPAWWIXDi7+XcdTaRAu9hpA
lv43r/492/K5vDiNwqpiONzEBgLGx4N0JU61WaXT4jjy90HeNpDDkWp5j43zq6U3
y3wZ0TFL+DENoYwTZMgLYLGxUqWNlWASimrQDPpoteQXfkv0rx74bzqHLxvb+1vL
gA1i2IagTONdUxLOPLMonjmYmr1PCRK4Jv1BuMNi3skj053VcFzslTrmotW1tn9K
b2PzosoHENqovFw1Zlcw01K9iP+Oq7OhFxb/FckbMgvXb/BYtAHCPLZEQcZg/WGm
eKm9KsCXRpNuWOw5OXHrNFB4a+8VoMe1z4gYa12iQQKBgQDtsiPA5qU6Ub4StQjz
JX9DwMJ0prxI6rlu/DHLPl/U7SgEvCPrCLrPVxsKGezW+XxrseWPya70lFUBh57r
hszwHxtbOB6CZEN3PrcT4VxYwUA5ydA476QEFBufRR64SnIjp4v9ZVPYKrbYn9bO
FeTazj+fsSNEjfYelsPPmz73TwKBgQDpADwCMr3yFpI8H5LG6NhD2vFPMxkfVZxg
JppgS6d67nncvXD4zl/tsLaMrvdpUupbDytvr6lr4hrtHE3XBTJqehnZ4oEtmbfZ
CU6fuV6GP324YkXmYTvSTRcmnyHL10BqoDXDQlfV+oq7ReLm5cAEO44MoDH3D7Ek
tSzi5YRTwQKBgCso+Y0BVGcuiJDlBmcAHAe1bJm53N5woJMif/gjr0r+dRHHB86Z
mzIi4uoGoxa13n2/o6tkN7x5YqYQdi7WH0hKnbEGk6OhiQ6R+LRHa3lCPeNAXeq4
uNN0wz88UcOs4OTQe37bc0oBF4pmG574IsIISU054OmFzXbocU21Js3JAoGBAND5
d9jU382v9spb2w3xqn35cXKCNucGprEKDm2NjRHRr5SOiDNvDVSmqKO3DYn2ZuDy
0xdhqodrDJFbUGkobRZYmrTz1L4sX1sWYOEapa+sZDqqUV0WGkw8/iWSlgI39bts
I6wT5amyAxmBzccfir+BFp82UnnvJgbxQ+fgyHVBAoGBAOcBcjARps/cXAaxp3KG
0K47QdIhMVRpB7ubWkcyr15BU5UQ9P/Qx8o0pGWNO4pv0HJkYjEGuYZUhg9uz+Y3
1yVd0c6MiXzcQl6nY1fHmTb3wEyKLtdMybNrVK8E3AKK+jHk+7sE+1XQprWYllLv
j5TAKamF5dLkQdAAxvtoUp10
-----END PRIVATE KEY-----
`;

/** 微信支付公钥 (the app verifies with it). */
export const THROWAWAY_PLATFORM_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2FdaQlzPB+xaTglmTArr
lYSJxezDLUN6jy8ggdyTbBoSi1BFCLalibcCjkzvhCTkLxoulFEF/UY3TbLZDWOR
M76FvPATNDJQRQSUbJMKyb+FDaaG9GoJ14oJhXBMpUiozzVdrZuaP13iI2gzsSve
8bX/V6Lp/tgOPbeoWFykysrg0FjHxNrqO+/VSo5N/cYD9skxnHp/uN8vRuetXJJR
7tPcXI3rBK0gzVHz+3+O4DPx+NeA1iVJceSU/vYRD5dQiD0fb5RLSuvWKjqNq7fs
XjWRp+XfUbXJ4cNEVOxM/vVId8zV8blsdnQMJ6ECWohz1F1zFX6YPj51BDZIpGMP
jwIDAQAB
-----END PUBLIC KEY-----
`;

/** The key of WeChat Pay's platform certificate (the simulator makes the certificate from it at start). */
export const THROWAWAY_CERTIFICATE_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDK+/e0dVbKrtX/
ZRXhbI9Y/3rGr0TbLyngiNa361/VIeOvYF8Uzo4G6MyxBoEAjjpxHmrGrgz2cT4+
RblWia9hHFa9AxIFTb3MemyhFkLhWxKoXJibaAOMeyKjHgQiIHQ9Pp3BJp5U/bhb
SkAZMwwtMJiqVxyiiy9aMNXDPDq/Qv36b3tyYh5F3KDpL8FYW4NcDGohv569SMX8
uC+IlQQ3Uy3+8CVURYWa/nsqez6XESF9G+GSgdX4HzMO1iLwRT1Z2+BQ0JEVNCP+
Q6wQY7O1utRmW668h3DM2rBZZMhHS28g0wtx8w3VoM3ktRcEZ0VS74Fzv6TWljH/
R+/IVx2tAgMBAAECggEAFCNncenqUHWEGbCHuTOyDRxbq/abmDtXpkUtOFYLzfNs
yWuAQ2oywRC7rhx9E/cIaUyhP1DpTFHz4O298435bmMHX/07/na2C+FhgaHZxM3q
TfXR1ik9oORejVxfAJvDrIfX0t/n+XqqnbQCI/3iiWE25D98QcwZSJNrwdDp6yum
1/ySBgRJ4heVFvHiic5RdFo9egKgOAus3rF2WpUoL1HVSQ8PgH6/KH6YVU3oBmwp
FF0T+yLmXFR+N5c98Jts9vUF3Ksce4rF+7fkTwFixk/92YhsAyPfjHEfdDFcx+54
dsLtaiAf3fWSqR4FVLqqFwVEkvvrEtVrafBXICXYqQKBgQD9H7M8N1IdegFYF0YW
eIzBV8WOviFgzr0RZG0cGdscamk68eJRHO51s+KFB8aUtEDTREnwC4ORxDpHjC0R
L6DNqiTjU+zO2NtRTCpfRHIA33Uj/uyy56e9ycPpLGgGNq9J11/R7Okn+0meTZbE
tX+eplj28yZS2DNiofEFsuI6kwKBgQDNSms3zjmBc15FBPrar0RacMymxxGsTk3G
nO0XhobFDh0wR4xFeA8GKxNsppgbB5SOxbBOR84YIsXfdYgD0hHon6a8CQ6M+nd5
ONYhIvgqEZ2kD06jLpGixzdh78U0Wged9FnIeqmX0DRbMBfYxnCil4J6HQu8CJp5
FdlGMj0uvwKBgByxbDrmNnu66c4XjU1cyu/byDw/Fz+HD+2ZybiGwcy9z0HsS3BQ
bEORaZsU35DZwgNw2UTJuVdbvBOCM1WgZYUKxXWzfMOR14KmtKLp+lZY/klfS2uY
UO51oayb6QrTRhmDvYvpZCCxHo5AU1fnDxln1+vecjiv41tJ6i1wMq7bAoGBAKSH
PB7hnJzvBWJzd0jEpxeEx7/yU2uw5gyDwFDWdDSB90q2TOlwKzpaU5sEeWtQS/OQ
5JgYXEhjtgo9e+Dz/35cVZjl+U9rfU0eDB9Kk3HD5H+T9QY7UGURHIXVUEuAzBH/
v+U4yaruJsfeZ35IrATjQKL1nG36xzK8HAJySS6pAoGAL9p30j6IcKHT1LQGNjkx
K+XO5iG+dC/Q3mnx6bfCJuZ9kXSSYWq3cMfK/G5KhdkH95lF0F8UP2m/x9o9ASes
uq7p1DYBVKbV+eNk6BKPdUYhSi+O+G1WsvYpsJtaO7WPPebbpuHTy8s4kXVQOyBN
urtBuAmEnq6jsW47EYuscVg=
-----END PRIVATE KEY-----
`;
