-- CreateTable
CREATE TABLE "PayOrder" (
    "outTradeNo" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "mchid" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "openid" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "transactionId" TEXT,
    "paidAt" TIMESTAMP(3),
    "refunded" INTEGER NOT NULL DEFAULT 0,
    "prepayId" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastQueriedAt" TIMESTAMP(3),
    "fulfilmentSentAt" TIMESTAMP(3),
    "fulfilmentLeaseUntil" TIMESTAMP(3),
    "fulfilmentAttempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PayOrder_pkey" PRIMARY KEY ("outTradeNo")
);

-- CreateTable
CREATE TABLE "PayRefund" (
    "outRefundNo" TEXT NOT NULL,
    "outTradeNo" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "reason" TEXT,
    "status" TEXT NOT NULL,
    "refundId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "PayRefund_pkey" PRIMARY KEY ("outRefundNo")
);

-- CreateTable
CREATE TABLE "PayEvent" (
    "key" TEXT NOT NULL,
    "outTradeNo" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "detail" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PayEvent_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "PayPlatformCertificate" (
    "serialNo" TEXT NOT NULL,
    "pem" TEXT NOT NULL,
    "effectiveTime" TEXT NOT NULL,
    "expireTime" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PayPlatformCertificate_pkey" PRIMARY KEY ("serialNo")
);

-- CreateIndex
CREATE INDEX "PayOrder_openid_createdAt_idx" ON "PayOrder"("openid", "createdAt");

-- CreateIndex
CREATE INDEX "PayOrder_status_createdAt_idx" ON "PayOrder"("status", "createdAt");

-- CreateIndex
CREATE INDEX "PayOrder_createdAt_idx" ON "PayOrder"("createdAt");

-- CreateIndex
CREATE INDEX "PayRefund_outTradeNo_idx" ON "PayRefund"("outTradeNo");

-- CreateIndex
CREATE INDEX "PayRefund_status_createdAt_idx" ON "PayRefund"("status", "createdAt");

-- CreateIndex
CREATE INDEX "PayEvent_outTradeNo_at_idx" ON "PayEvent"("outTradeNo", "at");
