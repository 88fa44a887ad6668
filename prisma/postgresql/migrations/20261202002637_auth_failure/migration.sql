-- CreateTable
CREATE TABLE "AuthFailure" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuthFailure_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "AuthFailure_windowStart_idx" ON "AuthFailure"("windowStart");
