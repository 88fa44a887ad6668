-- CreateTable
CREATE TABLE "Credential" (
    "appId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT,
    "expiresAt" DATETIME,
    "refreshedAt" DATETIME,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "refreshCount" INTEGER NOT NULL DEFAULT 0,
    "refreshDay" TEXT,
    "totalRefreshCount" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastErrorAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("appId", "kind")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "reply" TEXT,
    "leaseUntil" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "lateSentAt" DATETIME,
    "lateError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "WechatUser" (
    "openid" TEXT NOT NULL PRIMARY KEY,
    "appId" TEXT NOT NULL,
    "unionid" TEXT,
    "scope" TEXT NOT NULL,
    "nickname" TEXT,
    "headimgurl" TEXT,
    "sex" INTEGER,
    "province" TEXT,
    "city" TEXT,
    "country" TEXT,
    "accessToken" TEXT,
    "accessTokenExpiresAt" DATETIME,
    "refreshToken" TEXT,
    "refreshTokenExpiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "WebhookDelivery_expiresAt_idx" ON "WebhookDelivery"("expiresAt");

-- CreateIndex
CREATE INDEX "WechatUser_unionid_idx" ON "WechatUser"("unionid");
