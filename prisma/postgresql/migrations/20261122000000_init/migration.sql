-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Credential" (
    "appId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT,
    "expiresAt" TIMESTAMP(3),
    "refreshedAt" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "refreshCount" INTEGER NOT NULL DEFAULT 0,
    "refreshDay" TEXT,
    "totalRefreshCount" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Credential_pkey" PRIMARY KEY ("appId","kind")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "key" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reply" TEXT,
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lateSentAt" TIMESTAMP(3),
    "lateError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "WechatUser" (
    "openid" TEXT NOT NULL,
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
    "accessTokenExpiresAt" TIMESTAMP(3),
    "refreshToken" TEXT,
    "refreshTokenExpiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WechatUser_pkey" PRIMARY KEY ("openid")
);

-- CreateIndex
CREATE INDEX "WebhookDelivery_expiresAt_idx" ON "WebhookDelivery"("expiresAt");

-- CreateIndex
CREATE INDEX "WechatUser_unionid_idx" ON "WechatUser"("unionid");
