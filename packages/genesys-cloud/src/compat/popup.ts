// Authorization popup settings of the official SDK. The compat layer keeps them (so code that sets them runs)
// but signs in by redirecting the page; logins asking for a popup are refused.

export interface AuthPopupConfiguration {
  usePopup?: boolean;
  popupTimeout?: number;
  notifyPopup?: boolean;
  autoClosePopup?: boolean;
  autoClosePopupDelay?: number;
  popupTarget?: string;
  popupWindowFeatures?: string;
  overridePopupUrl?: string;
  overridePopupUrlParameters?: Record<string, string>;
  overridePopupUrlAuthParameters?: boolean;
  useWindowReplace?: boolean;
  overrideWindowReplaceUri?: string;
  waitForLoginPromise?: boolean;
  usePopupIdentifier?: boolean;
}

export const DEFAULT_POPUP: AuthPopupConfiguration = {
  usePopup: false,
  popupTimeout: 120000,
  notifyPopup: false,
  autoClosePopup: true,
  autoClosePopupDelay: 3000,
  popupTarget: '_blank',
  popupWindowFeatures: 'popup=true,width=800,height=700',
  overridePopupUrlAuthParameters: false,
  useWindowReplace: false,
  waitForLoginPromise: true,
  usePopupIdentifier: false,
};

export type AuthPopupStatusListener = (status: string, message: string, identifier?: string) => void;

export function cleanPopup(c: AuthPopupConfiguration | undefined): AuthPopupConfiguration {
  if (!c || typeof c !== 'object') return {};
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined && v !== null));
}
